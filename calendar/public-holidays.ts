import Holidays from 'date-holidays';
import type { LocalDate } from './local-date.ts';

const hessen = new Holidays('DE', 'HE');
const byYear = new Map<number, Map<LocalDate, string>>();

/** Hessian public holidays (HFeiertagsG §1) of a year, date → German name. */
export function publicHolidays(year: number): Map<LocalDate, string> {
  let days = byYear.get(year);
  if (!days) {
    days = new Map();
    for (const h of hessen.getHolidays(year, 'de')) {
      if (h.type === 'public') days.set(h.date.slice(0, 10), h.name);
    }
    byYear.set(year, days);
  }
  return days;
}

export function publicHolidayName(d: LocalDate): string | undefined {
  return publicHolidays(Number(d.slice(0, 4))).get(d);
}

export function isPublicHoliday(d: LocalDate): boolean {
  return publicHolidayName(d) !== undefined;
}
