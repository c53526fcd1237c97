/**
 * The demand model on demo data (three years from the generator, counted per day the way
 * the warehouse counts them): backtest accuracy and the pre-summer passport rush.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../calendar/local-date.ts';
import { summerHolidays } from '../../calendar/school-holidays.ts';
import { generateDays } from '../../demo/generator.ts';
import { backtest } from '../../queries/forecast/backtest.ts';
import {
  fitDailyModel,
  forecastDay,
  InsufficientHistoryError,
  type DailyPoint,
} from '../../queries/forecast/daily-model.ts';
import { PASSPORT_SERVICES } from '../../queries/seasonality/seasonality.query.ts';

const series: Record<'visits' | 'calls' | 'passport', DailyPoint[]> = {
  visits: [],
  calls: [],
  passport: [],
};

beforeAll(() => {
  for (const day of generateDays({ from: '2023-01-02', to: '2026-06-28', seed: 42 })) {
    let visits = 0;
    let calls = 0;
    let passport = 0;
    for (const e of day.events) {
      if (e.type === 'visit' && e.outcome === 'completed') {
        visits++;
        if (e.services.some((s) => (PASSPORT_SERVICES as readonly string[]).includes(s)))
          passport++;
      }
      // Offered calls: short abandons (within 5 s) do not count.
      if (
        e.type === 'call' &&
        !(
          e.answeredAt === undefined &&
          e.endedAt !== undefined &&
          Date.parse(e.endedAt) - Date.parse(e.offeredAt) <= 5000
        )
      )
        calls++;
    }
    series.visits.push({ date: day.date, value: visits });
    series.calls.push({ date: day.date, value: calls });
    series.passport.push({ date: day.date, value: passport });
  }
}, 60_000);

describe('backtest on demo data', () => {
  it.each(['visits', 'calls'] as const)(
    '%s: MASE over horizons 1–28 is below 0.8 and the table says so',
    (channel) => {
      const result = backtest(series[channel], false, { maxHorizon: 28 });
      expect(result.mase28).not.toBeNull();
      expect(result.mase28!).toBeLessThan(0.8);
      expect(result.verdict).toMatch(/< 0,8: deutlich besser/);
      expect(result.rows[0]!.days).toBeGreaterThan(40);
    },
  );
});

describe('the summer passport rush', () => {
  it('is forecast from a model that never saw the last rush: the forecast rises in the weeks before the holidays', () => {
    const summer = summerHolidays(2026)!.from; // 2026-06-29
    const cut = addDays(summer, -70); // ten weeks before: the rush lies ahead
    const fitted = fitDailyModel(
      series.passport.filter((p) => p.date < cut),
      false,
    );
    const mean = (from: string, to: string) => {
      let sum = 0;
      let n = 0;
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const f = forecastDay(fitted, d).forecast;
        if (f > 0) {
          sum += f;
          n++;
        }
      }
      return sum / n;
    };
    const early = mean(cut, addDays(cut, 13)); // weeks 10–9 before
    const rush = mean(addDays(summer, -14), addDays(summer, -1)); // the last two weeks before
    expect(daysBetween(cut, summer)).toBe(70);
    expect(rush).toBeGreaterThan(early * 1.2);
    // And the actual rush confirms it.
    const actual = series.passport.filter(
      (p) => p.date >= addDays(summer, -14) && p.date < summer && p.value > 0,
    );
    const actualMean = actual.reduce((s, p) => s + p.value, 0) / actual.length;
    expect(Math.abs(rush - actualMean) / actualMean).toBeLessThan(0.25);
  });

  it('intervals widen with confidence and contain the point forecast', () => {
    const fitted = fitDailyModel(series.visits, false);
    const f = forecastDay(fitted, '2026-07-01');
    expect(f.lower95).toBeLessThanOrEqual(f.lower80);
    expect(f.lower80).toBeLessThanOrEqual(f.forecast);
    expect(f.forecast).toBeLessThanOrEqual(f.upper80);
    expect(f.upper80).toBeLessThanOrEqual(f.upper95);
    expect(forecastDay(fitted, '2026-07-04').forecast).toBe(0); // a Saturday: closed
  });

  it('refuses to fit on too little history', () => {
    expect(() => fitDailyModel(series.visits.slice(0, 30), false)).toThrow(
      InsufficientHistoryError,
    );
  });
});
