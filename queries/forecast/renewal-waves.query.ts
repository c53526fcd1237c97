/**
 * Renewal waves: passports and ID cards issued 10 years ago (holders aged 24 and over) or 6
 * years ago (younger holders) expire now and come back as applications. From the monthly
 * issuances in the warehouse, the expected renewals per month ahead; an input planners can
 * switch on beside the demand forecast. Validity periods and their shares are configurable.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { PASSPORT_SERVICES } from '../seasonality/seasonality.query.ts';

export interface Validity {
  years: number;
  /** Share of issuances with this validity (e.g. 0.85 adults with 10 years). */
  share: number;
}

export const DEFAULT_VALIDITIES: Validity[] = [
  { years: 10, share: 0.85 },
  { years: 6, share: 0.15 },
];

export interface RenewalMonth {
  /** First day of the month. */
  month: string;
  expectedRenewals: number;
  /** Months whose issuances were in the warehouse (the rest counts as unknown, not zero). */
  basedOn: { issuedIn: string; issued: number | null; years: number }[];
}

function monthStart(d: LocalDate): string {
  return `${d.slice(0, 7)}-01`;
}

function shiftMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

export async function renewalWaves(
  wh: Warehouse,
  p: { from: LocalDate; months: number; validities?: Validity[]; site?: string },
): Promise<RenewalMonth[]> {
  const validities = p.validities ?? DEFAULT_VALIDITIES;
  const first = monthStart(p.from);
  const months = Array.from({ length: p.months }, (_, i) => shiftMonths(first, i));
  const oldest = shiftMonths(first, -12 * Math.max(...validities.map((v) => v.years)));
  const rows = await wh.query<{ m: string; n: number }>(sql`
    SELECT toString(toStartOfMonth(day)) AS m, count() AS n FROM visits FINAL
    WHERE day BETWEEN ${lit.date(oldest)} AND ${lit.date(addDays(shiftMonths(months[months.length - 1]!, 1), -1))} AND deleted = 0 AND outcome = 'completed'
      AND hasAny(services, ${lit.array([...PASSPORT_SERVICES], lit.string)})${p.site ? sql` AND site = ${lit.string(p.site)}` : sql``}
    GROUP BY m`);
  const issued = new Map(rows.map((r) => [r.m, Number(r.n)]));
  const firstWithData = rows.length ? rows.map((r) => r.m).sort()[0]! : null;
  return months.map((month) => {
    const basedOn = validities.map((v) => {
      const issuedIn = shiftMonths(month, -12 * v.years);
      const known = firstWithData !== null && issuedIn >= firstWithData;
      return { issuedIn, issued: known ? (issued.get(issuedIn) ?? 0) : null, years: v.years };
    });
    const expectedRenewals = validities.reduce(
      (s, v, i) => s + (basedOn[i]!.issued ?? 0) * v.share,
      0,
    );
    return { month, expectedRenewals, basedOn };
  });
}
