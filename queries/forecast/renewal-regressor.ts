/**
 * The renewal waves as an input of the daily forecast of counter visits: the month's
 * expected renewals of ID cards and passports spread evenly over its working days. Driving
 * licences stay out: their exchanges are a one-off by law, not a wave of expiries.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import type { DailyRegressor } from './daily-model.ts';
import type { DocumentType } from './documents.ts';
import type { RenewalMonth } from './renewal-waves.query.ts';

const REGRESSOR_DOCUMENTS: readonly DocumentType[] = ['personalausweis', 'reisepass'];

function workingDaysIn(month: string): number {
  let n = 0;
  for (let d = month; d.slice(0, 7) === month.slice(0, 7); d = addDays(d, 1))
    if (isWorkingDay(d)) n++;
  return n;
}

/** Per working day of a month: its expected ID card and passport renewals; null where one of them is unknown. */
export function renewalRegressor(months: readonly RenewalMonth[]): DailyRegressor {
  const perDay = new Map<string, number | null>();
  for (const m of months) {
    const parts = REGRESSOR_DOCUMENTS.map(
      (d) => m.byDocument.find((b) => b.document === d)?.expectedRenewals ?? null,
    );
    const days = workingDaysIn(m.month);
    perDay.set(
      m.month,
      parts.some((x) => x === null) || days === 0
        ? null
        : parts.reduce((s: number, x) => s + x!, 0) / days,
    );
  }
  return (date: LocalDate) => perDay.get(`${date.slice(0, 7)}-01`) ?? null;
}
