import { berlinToUtc, toBerlinIso } from '../calendar/berlin-time.ts';
import { daysBetween, type LocalDate } from '../calendar/local-date.ts';

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** 'MM:SS+HH:MM' for every second of an hour and both Berlin offsets, shared by all days. */
const OFFSETS = ['+01:00', '+02:00'];
const MINUTE_SECOND = OFFSETS.map((offset) =>
  Array.from(
    { length: 3600 },
    (_, s) => `${TWO_DIGITS[Math.floor(s / 60)]}:${TWO_DIGITS[s % 60]}${offset}`,
  ),
);
const EPOCH: LocalDate = '1970-01-01';

/**
 * Berlin wall-clock seconds of one day → UTC instants and ISO strings, with one time-zone
 * lookup per hour of the day instead of one per event (formatting tens of millions of
 * timestamps through Date objects costs more than generating the events). Each hour is
 * looked up on its own, so DST days come out exactly as berlinToUtc/toBerlinIso give them:
 * the skipped spring hour maps onto the next one, the repeated autumn hour is the first.
 */
export class DayClock {
  private readonly hourStartMs: Float64Array;
  /** 'YYYY-MM-DDTHH:' of each hour and the table of its offset, taken from toBerlinIso. */
  private readonly hourPrefix: string[];
  private readonly hourRest: string[][];

  constructor(readonly date: LocalDate) {
    this.hourStartMs = Float64Array.from({ length: 24 }, (_, h) =>
      berlinToUtc(date, h * 3600).getTime(),
    );
    const iso = Array.from(this.hourStartMs, (ms) => toBerlinIso(new Date(ms)));
    this.hourPrefix = iso.map((s) => s.slice(0, 14));
    this.hourRest = iso.map((s) => MINUTE_SECOND[OFFSETS.indexOf(s.slice(19))] as string[]);
  }

  /** UTC milliseconds of `seconds` (whole, 0 ≤ seconds < 86,400) after local midnight. */
  ms(seconds: number): number {
    // Beyond this day (a queue that runs past midnight): the general, slower conversion.
    if (!(seconds >= 0 && seconds < 86_400)) return berlinToUtc(this.date, seconds).getTime();
    const hour = Math.floor(seconds / 3600);
    return (this.hourStartMs[hour] as number) + (seconds - hour * 3600) * 1000;
  }

  /**
   * The same instant as `ms(seconds)`, as toBerlinIso writes it; joined from two shared
   * strings, which keeps the memory of millions of timestamps small.
   */
  iso(seconds: number): string {
    if (!(seconds >= 0 && seconds < 86_400) || !Number.isInteger(seconds))
      return toBerlinIso(new Date(this.ms(Math.floor(seconds))));
    const hour = Math.floor(seconds / 3600);
    return (
      (this.hourPrefix[hour] as string) + (this.hourRest[hour] as string[])[seconds - hour * 3600]
    );
  }
}

const clocks = new Map<number, DayClock>();

/** The clock of a day, shared: booking dates and mail answers reach back and ahead in time. */
export function clockOf(date: LocalDate): DayClock {
  return clockOfDay(daysBetween(EPOCH, date));
}

/** The clock of the day `dayNumber` days after 1970-01-01. */
export function clockOfDay(dayNumber: number): DayClock {
  let clock = clocks.get(dayNumber);
  if (!clock) {
    clock = new DayClock(new Date(dayNumber * 86_400_000).toISOString().slice(0, 10));
    clocks.set(dayNumber, clock);
  }
  return clock;
}

export function dayNumberOf(date: LocalDate): number {
  return daysBetween(EPOCH, date);
}

/** Hours are written as seconds after local midnight throughout the demo. */
export function hm(hours: number, minutes = 0): number {
  return hours * 3600 + minutes * 60;
}

/** 'HH:MM' of seconds after midnight, for the roster. */
export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${TWO_DIGITS[h]}:${TWO_DIGITS[m]}`;
}
