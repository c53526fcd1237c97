import { tzOffset } from '@date-fns/tz';
import type { LocalDate } from './local-date.ts';

/** Every day, hour and weekday a user sees is in this zone; storage is UTC. */
export const TIME_ZONE = 'Europe/Berlin';

const HOUR_MS = 3_600_000;
const offsetCache = new Map<number, number>();

/** Offset of Europe/Berlin from UTC in minutes at the given instant (60 or 120). */
export function berlinOffsetMinutes(utcMs: number): number {
  // Berlin's offset only changes on whole UTC hours, so one lookup per hour suffices.
  const hourKey = Math.floor(utcMs / HOUR_MS);
  let offset = offsetCache.get(hourKey);
  if (offset === undefined) {
    offset = tzOffset(TIME_ZONE, new Date(hourKey * HOUR_MS));
    offsetCache.set(hourKey, offset);
  }
  return offset;
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
