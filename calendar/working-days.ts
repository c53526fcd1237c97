import { addDays, isoWeekday, type LocalDate } from './local-date.ts';
import { isPublicHoliday } from './public-holidays.ts';

/** Monday to Friday and not a Hessian public holiday: the office and the 115 line are open. */
export function isWorkingDay(d: LocalDate): boolean {
  return isoWeekday(d) <= 5 && !isPublicHoliday(d);
}

/**
 * A bridge day (Brückentag): a working day squeezed between a public holiday and the
 * weekend, such as the Friday after Ascension; many people take it off.
 */
export function isBridgeDay(d: LocalDate): boolean {
  if (!isWorkingDay(d)) return false;
  const wd = isoWeekday(d);
  return (
    (wd === 5 && isPublicHoliday(addDays(d, -1))) || (wd === 1 && isPublicHoliday(addDays(d, 1)))
  );
}
