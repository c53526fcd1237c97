import { describe, expect, it } from 'vitest';
import { addDays, eachDay } from '../../calendar/local-date.ts';
import { forecastChartRows } from '../../dashboard/src/lib/server/pages/forecast.ts';
import type { ForecastResult } from '../../queries/forecast/forecast.query.ts';

/**
 * History up to Tuesday 22 Dec 2026 and a forecast over Christmas: 25 and 26 Dec are public
 * holidays (a Friday and a Saturday), 27 Dec a Sunday.
 */
function result(channel: ForecastResult['channel']): ForecastResult {
  const from = '2026-12-23';
  const point = (date: string) => ({
    date,
    forecast: 100,
    lower80: 90,
    upper80: 110,
    lower95: 80,
    upper95: 120,
  });
  return {
    channel,
    domain: null,
    from,
    to: '2026-12-29',
    method: '',
    history: [...eachDay('2026-09-01', addDays(from, -1))].map((date) => ({ date, value: 7 })),
    forecast: [...eachDay(from, '2026-12-29')].map(point),
    backtest: null,
  };
}

describe('the forecast chart rows', () => {
  it('leave out the days the counters and the 115 line are closed', () => {
    const rows = forecastChartRows(result('visits'));
    const forecastDays = rows.filter((r) => r.forecast !== null).map((r) => r.date);
    expect(forecastDays).toEqual(['2026-12-23', '2026-12-24', '2026-12-28', '2026-12-29']);
    // Eight weeks of history before the forecast, working days only: 28 Oct to 22 Dec.
    const history = rows.filter((r) => r.actual !== null);
    expect(history[0]!.date).toBe('2026-10-28');
    expect(history.at(-1)).toEqual({
      date: '2026-12-22',
      actual: 7,
      forecast: null,
      lower80: null,
      upper80: null,
      lower95: null,
      upper95: null,
    });
    expect(history).toHaveLength(40);
  });

  it('keep every day for emails, whose mailbox is always open', () => {
    const rows = forecastChartRows(result('emails'));
    expect(rows.filter((r) => r.forecast !== null)).toHaveLength(7);
    expect(rows.filter((r) => r.actual !== null)).toHaveLength(56);
    expect(rows[rows.length - 1]).toMatchObject({ date: '2026-12-29', actual: null, upper95: 120 });
  });
});
