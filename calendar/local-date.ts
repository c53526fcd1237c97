/** True for `YYYY-MM-DD` strings naming a day that exists (no 31 April). */
export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A Europe/Berlin calendar day as `YYYY-MM-DD`; all date arithmetic here is on whole days. */
export type LocalDate = string;

const DAY_MS = 86_400_000;

export function isLocalDate(s: string): s is LocalDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s);
}

export function parseLocalDate(s: string, what = 'date'): LocalDate {
  if (!isLocalDate(s)) throw new RangeError(`${what}: "${s}" is not a date YYYY-MM-DD`);
  return s;
}

function toUtcMs(d: LocalDate): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromUtcMs(toUtcMs(d) + n * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const wd = new Date(toUtcMs(d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function* eachDay(from: LocalDate, to: LocalDate): Generator<LocalDate> {
  for (let ms = toUtcMs(from), end = toUtcMs(to); ms <= end; ms += DAY_MS) yield fromUtcMs(ms);
}

/** The same day `years` later (or earlier); 29 February becomes the 28th in other years. */
export function shiftYears(d: LocalDate, years: number): LocalDate {
  const md = d.slice(4) === '-02-29' ? '-02-28' : d.slice(4);
  return `${Number(d.slice(0, 4)) + years}${md}`;
}

export function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4));
}
