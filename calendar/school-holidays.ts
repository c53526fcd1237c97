import type { LocalDate } from './local-date.ts';

export type SchoolHolidayKind = 'ostern' | 'sommer' | 'herbst' | 'weihnachten';

export interface SchoolHolidayPeriod {
  kind: SchoolHolidayKind;
  /** German label for the interface. */
  name: string;
  from: LocalDate;
  to: LocalDate;
}

const NAMES: Record<SchoolHolidayKind, string> = {
  ostern: 'Osterferien',
  sommer: 'Sommerferien',
  herbst: 'Herbstferien',
  weihnachten: 'Weihnachtsferien',
};

/**
 * Hessian school holidays, first and last day, as published by the Hessian ministry of
 * education (no npm package carries them). Christmas holidays are listed under the year
 * they start in. Extend this table when the ministry publishes further years.
 */
const TABLE: ReadonlyArray<[SchoolHolidayKind, LocalDate, LocalDate]> = [
  ['ostern', '2022-04-11', '2022-04-23'],
  ['sommer', '2022-07-25', '2022-09-02'],
  ['herbst', '2022-10-24', '2022-10-29'],
  ['weihnachten', '2022-12-22', '2023-01-07'],
  ['ostern', '2023-04-03', '2023-04-22'],
  ['sommer', '2023-07-24', '2023-09-01'],
  ['herbst', '2023-10-23', '2023-10-28'],
  ['weihnachten', '2023-12-27', '2024-01-13'],
  ['ostern', '2024-03-25', '2024-04-13'],
  ['sommer', '2024-07-15', '2024-08-23'],
  ['herbst', '2024-10-14', '2024-10-25'],
  ['weihnachten', '2024-12-23', '2025-01-10'],
  ['ostern', '2025-04-07', '2025-04-21'],
  ['sommer', '2025-07-07', '2025-08-15'],
  ['herbst', '2025-10-06', '2025-10-18'],
  ['weihnachten', '2025-12-22', '2026-01-10'],
  ['ostern', '2026-03-30', '2026-04-10'],
  ['sommer', '2026-06-29', '2026-08-07'],
  ['herbst', '2026-10-05', '2026-10-17'],
  ['weihnachten', '2026-12-23', '2027-01-12'],
  ['ostern', '2027-03-22', '2027-04-02'],
  ['sommer', '2027-06-28', '2027-08-06'],
  ['herbst', '2027-10-04', '2027-10-16'],
  ['weihnachten', '2027-12-23', '2028-01-11'],
  ['ostern', '2028-04-03', '2028-04-14'],
  ['sommer', '2028-07-03', '2028-08-11'],
  ['herbst', '2028-10-09', '2028-10-20'],
  ['weihnachten', '2028-12-27', '2029-01-12'],
];

export const SCHOOL_HOLIDAYS: readonly SchoolHolidayPeriod[] = TABLE.map(([kind, from, to]) => ({
  kind,
  name: NAMES[kind],
  from,
  to,
}));

/** First and last year the table covers completely. */
export const SCHOOL_HOLIDAY_YEARS = { first: 2022, last: 2028 } as const;

export function schoolHolidayOn(d: LocalDate): SchoolHolidayPeriod | undefined {
  return SCHOOL_HOLIDAYS.find((p) => p.from <= d && d <= p.to);
}

/** The summer holidays that start in the given year, if known. */
export function summerHolidays(year: number): SchoolHolidayPeriod | undefined {
  return SCHOOL_HOLIDAYS.find((p) => p.kind === 'sommer' && p.from.startsWith(String(year)));
}

/** All periods overlapping [from, to]. */
export function schoolHolidaysBetween(from: LocalDate, to: LocalDate): SchoolHolidayPeriod[] {
  return SCHOOL_HOLIDAYS.filter((p) => p.to >= from && p.from <= to);
}
