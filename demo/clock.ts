import { berlinToUtc, toBerlinIso } from '../calendar/berlin-time.ts';
import type { LocalDate } from '../calendar/local-date.ts';

/**
 * Berlin wall-clock seconds of one day → UTC instants, with one time-zone lookup per hour
 * of the day instead of one per event. DST days work because each hour is looked up on
 * its own (the skipped spring hour maps onto the next one, as berlinToUtc does).
 */
export class DayClock {
  private readonly hourStartMs: Float64Array;

  constructor(readonly date: LocalDate) {
    this.hourStartMs = Float64Array.from({ length: 24 }, (_, h) =>
      berlinToUtc(date, h * 3600).getTime(),
    );
  }

  /** UTC milliseconds of `seconds` after local midnight (0 ≤ seconds < 86,400). */
  ms(seconds: number): number {
    const hour = Math.floor(seconds / 3600);
    return (this.hourStartMs[hour] as number) + (seconds - hour * 3600) * 1000;
  }
}

/** ISO 8601 with the Berlin offset of the instant. */
export function isoAt(ms: number): string {
  return toBerlinIso(new Date(ms));
}

/** Hours are written as seconds after local midnight throughout the demo. */
export function hm(hours: number, minutes = 0): number {
  return hours * 3600 + minutes * 60;
}

/** 'HH:MM' of seconds after midnight, for the roster. */
export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
