import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import { fitDailyModel, forecastDay, type DailyPoint } from '../../queries/forecast/daily-model.ts';
import { renewalRegressor } from '../../queries/forecast/renewal-regressor.ts';
import type { RenewalMonth } from '../../queries/forecast/renewal-waves.query.ts';

const month = (m: string, pa: number | null, rp: number | null): RenewalMonth => ({
  month: m,
  expectedRenewals: null,
  byDocument: [
    { document: 'personalausweis', expectedRenewals: pa },
    { document: 'reisepass', expectedRenewals: rp },
    { document: 'fuehrerschein-umtausch', expectedRenewals: null },
  ],
  unknown: [],
  basedOn: [],
});

describe('renewal regressor', () => {
  it("spreads a month's ID card and passport renewals over its working days", () => {
    // March 2026: 22 working days in Hesse (no public holiday); 300 + 140 = 440 → 20 a day.
    const r = renewalRegressor([month('2026-03-01', 300, 140), month('2026-04-01', null, 50)]);
    expect(r('2026-03-17')).toBe(20);
    // Unknown Personalausweis: the month is unknown, licences never count.
    expect(r('2026-04-14')).toBeNull();
    expect(r('2026-05-05')).toBeNull();
  });

  it('lets the model follow a renewal wave the calendar cannot know', () => {
    // Two years of counter visits that are 100 a day times the month's renewal factor,
    // which jumps about from month to month; the forecast month doubles.
    const factor = (m: string) =>
      m === '2026-03' ? 2 : 1 + 0.5 * Math.sin(Number(m.slice(0, 4)) * 7 + Number(m.slice(5)) * 3);
    const history: DailyPoint[] = [];
    for (let d = '2024-01-01'; d <= '2026-02-27'; d = addDays(d, 1))
      history.push({
        date: d,
        value: isWorkingDay(d) ? Math.round(100 * factor(d.slice(0, 7))) : 0,
      });
    const regressor = (d: string) => 20 * factor(d.slice(0, 7));
    const plain = fitDailyModel(history, false);
    const withRenewals = fitDailyModel(history, false, { regressor });
    const day = '2026-03-10';
    expect(isoWeekday(day)).toBe(2);
    expect(forecastDay(withRenewals, day).forecast).toBeGreaterThan(170);
    expect(forecastDay(withRenewals, day).forecast).toBeLessThan(230);
    expect(forecastDay(plain, day).forecast).toBeLessThan(150);
  });
});
