import { berlinDate } from '../calendar/berlin-time.ts';
import { addDays, shiftYears, type LocalDate } from '../calendar/local-date.ts';

/** Whole years back to yesterday, as `lagebild serve --demo` loads them: the morning briefing always has a "yesterday". */
export function demoRange(years: number, now = new Date()): { from: LocalDate; to: LocalDate } {
  const today = berlinDate(now);
  return { from: shiftYears(today, -years), to: addDays(today, -1) };
}
