/**
 * When the Morgenbriefing goes out: at the configured Berlin time on working days (never on
 * a weekend or a Hessian public holiday), covering the working day before, as the 7:45
 * briefing reviews it (on Monday the Friday).
 */
import { berlinDate, berlinToUtc } from '../../calendar/berlin-time.ts';
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';

function secondsOfDay(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 3600 + m! * 60;
}

/** The send time on `day`, or null when no briefing goes out that day. */
export function briefingTimeOn(day: LocalDate, clock: string): Date | null {
  return isWorkingDay(day) ? berlinToUtc(day, secondsOfDay(clock)) : null;
}

/** The first send time after `after` (a working day is never more than a week away). */
export function nextBriefingAt(after: Date, clock: string): Date {
  for (let day = berlinDate(after); ; day = addDays(day, 1)) {
    const at = briefingTimeOn(day, clock);
    if (at && at > after) return at;
  }
}

/** The day a briefing sent on `day` covers: the working day before. */
export function briefingDateFor(day: LocalDate): LocalDate {
  let d = addDays(day, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}
