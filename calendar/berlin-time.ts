import { tzOffset } from '@date-fns/tz';
import type { LocalDate } from './local-date.ts';

/** Every day, hour and weekday a user sees is in this zone; storage is UTC. */
export const TIME_ZONE = 'Europe/Berlin';

const HOUR_MS = 3_600_000;
const offsetCaches = new Map<string, Map<number, number>>();

/** Offset of `zone` from UTC in minutes at the given instant. */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  let cache = offsetCaches.get(zone);
  if (!cache) offsetCaches.set(zone, (cache = new Map()));
  // Offsets change only on whole UTC hours (in every zone we serve), so one lookup per hour suffices.
  const hourKey = Math.floor(utcMs / HOUR_MS);
  let offset = cache.get(hourKey);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(hourKey * HOUR_MS));
    if (Number.isNaN(offset)) throw new RangeError(`unknown time zone "${zone}"`);
    cache.set(hourKey, offset);
  }
  return offset;
}

/** Offset of Europe/Berlin from UTC in minutes at the given instant (60 or 120). */
export function berlinOffsetMinutes(utcMs: number): number {
  return zoneOffsetMinutes(TIME_ZONE, utcMs);
}

/**
 * The UTC instant of a wall-clock time in `zone`, given as milliseconds of the wall time
 * read as if it were UTC. In a skipped spring hour the time is read with the winter offset
 * (02:30 becomes 03:30 summer time); in the repeated autumn hour the first occurrence wins.
 */
export function zonedWallTimeToUtc(zone: string, wallMs: number): Date {
  const before = zoneOffsetMinutes(zone, wallMs - 3 * HOUR_MS);
  const after = zoneOffsetMinutes(zone, wallMs + 3 * HOUR_MS);
  const larger = Math.max(before, after);
  const candidate = wallMs - larger * 60_000;
  if (zoneOffsetMinutes(zone, candidate) === larger) return new Date(candidate);
  return new Date(wallMs - Math.min(before, after) * 60_000);
}

/**
 * The UTC instant of a Berlin wall-clock time. In the skipped spring hour the time is
 * read with the winter offset (02:30 becomes 03:30 CEST); in the repeated autumn hour
 * the first (summer-time) occurrence is taken.
 */
export function berlinToUtc(date: LocalDate, secondsOfDay: number): Date {
  const wall =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) +
    secondsOfDay * 1000;
  const before = berlinOffsetMinutes(wall - 3 * HOUR_MS);
  const after = berlinOffsetMinutes(wall + 3 * HOUR_MS);
  const candidate = wall - Math.max(before, after) * 60_000;
  if (berlinOffsetMinutes(candidate) === Math.max(before, after)) return new Date(candidate);
  return new Date(wall - Math.min(before, after) * 60_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Berlin local day of an instant. */
export function berlinDate(instant: Date): LocalDate {
  return new Date(instant.getTime() + berlinOffsetMinutes(instant.getTime()) * 60_000)
    .toISOString()
    .slice(0, 10);
}

/** ISO 8601 with the Berlin offset, e.g. `2026-11-25T08:15:00+01:00`. */
export function toBerlinIso(instant: Date): string {
  const offset = berlinOffsetMinutes(instant.getTime());
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
