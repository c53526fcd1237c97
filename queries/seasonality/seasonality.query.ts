/**
 * Seasonality: years overlaid by ISO week, the Hessian school and public holidays as
 * periods, and passport/ID demand in the weeks around the start of the summer holidays.
 */
import { addDays, daysBetween, type LocalDate } from '../../calendar/local-date.ts';
import { publicHolidays } from '../../calendar/public-holidays.ts';
import {
  schoolHolidaysBetween,
  summerHolidays,
  type SchoolHolidayPeriod,
} from '../../calendar/school-holidays.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { yearOverYear, type WeeklyPoint } from '../volumes/year-over-year.query.ts';
import type { Channel } from '../volumes/weekday-hour.query.ts';

export { PASSPORT_SERVICES } from './measures.ts';

export interface SeasonalityResult {
  weekly: WeeklyPoint[];
  schoolHolidays: SchoolHolidayPeriod[];
  publicHolidays: { date: LocalDate; name: string }[];
  /** Passport/ID applications per week relative to the start of each year's summer holidays. */
  passportRush: {
    year: number;
    summerStart: LocalDate;
    weeks: { offset: number; applications: number }[];
  }[];
}

export async function seasonality(
  wh: Warehouse,
  p: { years: number[]; channel: Channel; site?: string; until?: string },
): Promise<SeasonalityResult> {
  const years = [...p.years].sort();
  const from = `${years[0]}-01-01`;
  const to = `${years[years.length - 1]}-12-31`;
  const weekly = await yearOverYear(wh, p);
  const rush: SeasonalityResult['passportRush'] = [];
  for (const year of years) {
    const summer = summerHolidays(year);
    if (!summer) continue;
    const range = { from: addDays(summer.from, -12 * 7), to: addDays(summer.from, 8 * 7 - 1) };
    const rows = await wh.query<{ d: string; n: number }>(sql`
      SELECT toString(day) AS d, sum(applications) AS n FROM passport_applications_daily FINAL
      WHERE day BETWEEN ${lit.date(range.from)} AND ${lit.date(range.to)} AND ${rollupSite(p.site)}
      GROUP BY day`);
    const weeks = new Map<number, number>();
    for (let w = -12; w < 8; w++) weeks.set(w, 0);
    for (const r of rows) {
      const offset = Math.floor(daysBetween(summer.from, r.d) / 7);
      weeks.set(offset, (weeks.get(offset) ?? 0) + Number(r.n));
    }
    rush.push({
      year,
      summerStart: summer.from,
      weeks: [...weeks].map(([offset, applications]) => ({ offset, applications })),
    });
  }
  return {
    weekly,
    schoolHolidays: schoolHolidaysBetween(from, to),
    publicHolidays: years.flatMap((y) =>
      [...publicHolidays(y)].map(([date, name]) => ({ date, name })),
    ),
    passportRush: rush,
  };
}
