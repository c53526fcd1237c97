import type { LocalDate } from '../calendar/local-date.ts';
import type { DayClock } from './clock.ts';
import type { DayProfile } from './profile.ts';
import type { Shift } from './roster.ts';
import { siteStaff, type SiteStaff } from './staff.ts';

/** One office of the demo network: `volume` is its size relative to the base office. */
export interface Site {
  id: string;
  index: number;
  volume: number;
  staff: SiteStaff;
}

/** Scale X is spread over max(1, round(X)) equal sites; the first is the model office. */
export function demoSites(scale: number): string[] {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`scale: expected a positive number, got ${scale}`);
  }
  const count = Math.max(1, Math.round(scale));
  return Array.from({ length: count }, (_, i) =>
    i === 0 ? 'offenbach' : `buergerbuero-${String(i + 1).padStart(3, '0')}`,
  );
}

export function buildSites(scale: number): Site[] {
  const ids = demoSites(scale);
  const volume = scale / ids.length;
  return ids.map((id, index) => ({ id, index, volume, staff: siteStaff(index, volume) }));
}

/** What the visit, call and mail models need to know about one site on one day. */
export interface SiteDay {
  date: LocalDate;
  /** Days since 1970-01-01: seeds the day's random streams and finds booking dates. */
  dayNumber: number;
  /** 'YYYYMMDD', for event ids. */
  compactDate: string;
  clock: DayClock;
  profile: DayProfile;
  site: Site;
  /** The day's duty roster; empty on days the office is closed. */
  shifts: readonly Shift[];
}

/** An event with the UTC milliseconds of its main timestamp, the key the day is sorted by. */
export interface Stamped<E> {
  at: number;
  event: E;
}

/** Event ids like `V-offenbach-20260115-0042`: type letter, site, day, running number. */
export function eventId(prefix: string, day: SiteDay, n: number): string {
  return `${prefix}-${day.site.id}-${day.compactDate}-${String(n).padStart(4, '0')}`;
}
