/**
 * The demand model on demo data (three years from the generator, counted per day the way
 * the warehouse counts them): backtest accuracy and the pre-summer passport rush.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../calendar/local-date.ts';
import { summerHolidays } from '../../calendar/school-holidays.ts';
import { generateDays } from '../../demo/generator.ts';
import { backtest, naiveScale } from '../../queries/forecast/backtest.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import {
  fitDailyModel,
  forecastDay,
  InsufficientHistoryError,
  type DailyPoint,
} from '../../queries/forecast/daily-model.ts';
import { PASSPORT_SERVICES } from '../../queries/seasonality/seasonality.query.ts';

const series: Record<'visits' | 'calls' | 'emails' | 'passport', DailyPoint[]> = {
  visits: [],
  calls: [],
  emails: [],
  passport: [],
};

beforeAll(() => {
  for (const day of generateDays({ from: '2023-01-02', to: '2026-06-28', seed: 42 })) {
    let visits = 0;
    let calls = 0;
    let passport = 0;
    let emails = 0;
    for (const e of day.events) {
      if (e.type === 'email') emails++;
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
    series.emails.push({ date: day.date, value: emails });
    series.passport.push({ date: day.date, value: passport });
  }
}, 60_000);

describe('backtest on demo data', () => {
  it.each(['visits', 'calls'] as const)(
    '%s: MASE over horizons 1–28 is well below both yardsticks and the table says so',
    (channel) => {
      const result = backtest(series[channel], false, { maxHorizon: 28 });
      expect(result.mase28).not.toBeNull();
      expect(result.yardstickMase28).not.toBeNull();
      expect(result.mase28!).toBeLessThan(0.8 * result.yardstickMase28!);
      expect(result.verdict).toMatch(/deutlich besser als der bessere einfache Vergleich/);
      expect(result.rows[0]!.days).toBeGreaterThan(40);
      // The yardsticks score the same days: "last week" is worse than the model at every band.
      for (const r of result.rows.filter((r) => r.days > 0))
        expect(r.mase!, r.horizon).toBeLessThan(r.naiveMase!);
    },
  );

  it('scales by the error of "a week earlier" over open days only, so holiday zeros do not flatter', () => {
    // A working-day series of ones with two public holidays in it: the naive error is 0 on
    // every pair of open days, so the scale falls back to 1 instead of counting the holidays.
    const days: DailyPoint[] = [];
    for (let d = '2025-04-01'; d <= '2025-06-30'; d = addDays(d, 1))
      days.push({ date: d, value: isWorkingDay(d) ? 100 : 0 });
    expect(naiveScale(days, false)).toBe(1);
    days[days.length - 1] = { date: '2025-06-30', value: 130 };
    expect(naiveScale(days, false)).toBeCloseTo(30 / countOpenPairs(days), 10);
  });
});

/** Pairs of open days a week apart, as naiveScale counts them. */
function countOpenPairs(days: readonly DailyPoint[]): number {
  const open = new Set(days.filter((p) => isWorkingDay(p.date)).map((p) => p.date));
  return days.filter((p) => open.has(p.date) && open.has(addDays(p.date, -7))).length;
}

describe('the forecast adapts', () => {
  it('follows a lasting +15 % change four months before the end within a few per cent', () => {
    const cut = '2026-05-01';
    const shift = '2026-01-01';
    const shifted = series.visits.map((p) =>
      p.date >= shift ? { date: p.date, value: Math.round(p.value * 1.15) } : p,
    );
    const bias = (history: readonly DailyPoint[]) => {
      const fitted = fitDailyModel(
        history.filter((p) => p.date < cut),
        false,
      );
      let err = 0;
      let sum = 0;
      for (const p of history.filter((p) => p.date >= cut && p.date < addDays(cut, 28))) {
        err += forecastDay(fitted, p.date).forecast - p.value;
        sum += p.value;
      }
      return err / sum;
    };
    expect(Math.abs(bias(shifted) - bias(series.visits))).toBeLessThan(0.05);
  });

  it('forecasts emails on a public holiday from past holidays, not as a normal weekday', () => {
    const holiday = '2026-06-04'; // Fronleichnam, a Thursday: the mailbox stays open
    const fitted = fitDailyModel(
      series.emails.filter((p) => p.date < '2026-06-01'),
      true,
    );
    const f = forecastDay(fitted, holiday);
    expect(f.forecast).toBeLessThan(0.75 * forecastDay(fitted, '2026-06-11').forecast);
    const actual = series.emails.find((p) => p.date === holiday)!.value;
    expect(actual).toBeGreaterThanOrEqual(f.lower95);
    expect(actual).toBeLessThanOrEqual(f.upper95);
  });

  it('takes the days from Christmas to Epiphany one by one', () => {
    const fitted = fitDailyModel(series.visits, false);
    const normal = forecastDay(fitted, '2026-12-10').forecast; // a Thursday
    expect(forecastDay(fitted, '2026-12-24').forecast).toBeLessThan(0.7 * normal);
    expect(forecastDay(fitted, '2026-12-29').forecast).toBeLessThan(0.7 * normal);
    expect(forecastDay(fitted, '2026-12-25').forecast).toBe(0); // a public holiday: closed
  });

  it('widens its intervals with the horizon', () => {
    const fitted = fitDailyModel(series.visits, false);
    const width = (d: string) => {
      const f = forecastDay(fitted, d);
      return Math.log1p(f.upper80) - Math.log1p(f.lower80);
    };
    // Two Wednesdays, 3 and 94 days after the history ends (2026-06-28).
    expect(width('2026-07-01')).toBeLessThan(width('2026-09-30'));
  });
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

  it('gives intervals of real width on a short history too (too few refits to size them)', () => {
    const fitted = fitDailyModel(series.visits.slice(-150), false);
    for (const d of ['2026-06-30', '2026-09-30']) {
      const f = forecastDay(fitted, d);
      expect(f.upper80, d).toBeGreaterThan(f.forecast * 1.02);
      expect(f.lower80, d).toBeLessThan(f.forecast * 0.98);
    }
  });

  it('refuses to fit on too little history', () => {
    expect(() => fitDailyModel(series.visits.slice(0, 30), false)).toThrow(
      InsufficientHistoryError,
    );
  });
});
