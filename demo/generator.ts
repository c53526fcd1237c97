import { eachDay, parseLocalDate, type LocalDate } from '../calendar/local-date.ts';
import type { Annotation } from '../domain/contract/annotation.ts';
import type { EmailEvent } from '../domain/contract/email.ts';
import type { Event } from '../domain/contract/event.ts';
import type { RosterEntry } from '../domain/contract/roster.ts';
import { annotationsUpTo } from './annotations.ts';
import { generateCalls } from './calls.ts';
import { clockOfDay, dayNumberOf } from './clock.ts';
import { generateEmails } from './emails.ts';
import { dayProfile } from './profile.ts';
import { Random } from './random.ts';
import { planShifts, rosterEntries } from './roster.ts';
import { buildSites, type Site, type SiteDay, type Stamped } from './sites.ts';
import { generateVisits } from './visits.ts';

export { CHILD_PASSPORT_ABOLISHED, PARKING_ONLINE, PROCESS_CHANGE } from './annotations.ts';
export { demoSites } from './sites.ts';

export interface GenerateOptions {
  from: LocalDate;
  to: LocalDate;
  seed: number;
  /** Size relative to the model office (1 = Offenbach; 100 ≈ a state-wide network). */
  scale?: number;
  /**
   * The present: email answers and closings after it have not happened yet and are left
   * out, so demo data loaded up to yesterday has no replies from the future.
   */
  now?: Date;
}

export interface GeneratedDay {
  date: LocalDate;
  events: Event[];
  roster: RosterEntry[];
}

// Each model draws from its own stream, so changing one leaves the others' data alone.
const ROSTER = 1;
const VISITS = 2;
const CALLS = 3;
const EMAILS = 4;

function checkOptions(opts: GenerateOptions): void {
  parseLocalDate(opts.from, 'from');
  parseLocalDate(opts.to, 'to');
  if (opts.from > opts.to) throw new RangeError(`from (${opts.from}) is after to (${opts.to})`);
  if (!Number.isSafeInteger(opts.seed)) {
    throw new RangeError(`seed: expected an integer, got ${opts.seed}`);
  }
}

/**
 * Demo data day by day: visits, 115 calls and emails of every site, sorted by their main
 * timestamp, with the day's duty roster. Every day and site draws from a random stream of
 * its own (seed, day, site), so a sub-range yields exactly the days of a longer range and
 * the same options always yield the same data.
 */
export function generateDays(opts: GenerateOptions): Generator<GeneratedDay> {
  // Checked here, not on the first day, so that bad options fail where they are passed.
  checkOptions(opts);
  return days(opts, buildSites(opts.scale ?? 1));
}

function* days(opts: GenerateOptions, sites: readonly Site[]): Generator<GeneratedDay> {
  for (const date of eachDay(opts.from, opts.to)) {
    const profile = dayProfile(date);
    const dayNumber = dayNumberOf(date);
    const clock = clockOfDay(dayNumber);
    const stamped: Stamped<Event>[] = [];
    const roster: RosterEntry[] = [];
    for (const site of sites) {
      const stream = (kind: number) => new Random(opts.seed, dayNumber, site.index, kind);
      const shifts = profile.working
        ? planShifts(date, profile.weekday, site.volume, stream(ROSTER))
        : [];
      const day: SiteDay = {
        date,
        dayNumber,
        compactDate: date.replaceAll('-', ''),
        clock,
        profile,
        site,
        shifts,
      };
      if (profile.working) {
        roster.push(...rosterEntries(date, site.id, shifts));
        stamped.push(...generateVisits(day, stream(VISITS)));
        stamped.push(...generateCalls(day, stream(CALLS)));
      }
      const emails = generateEmails(day, stream(EMAILS));
      if (opts.now) for (const e of emails) cutAtNow(e.event, opts.now.getTime());
      stamped.push(...emails);
    }
    // Stable sort: equal timestamps keep site and type order, so the output is reproducible.
    stamped.sort((a, b) => a.at - b.at);
    yield { date, events: stamped.map((s) => s.event), roster };
  }
}

function cutAtNow(e: EmailEvent, nowMs: number): void {
  if (e.firstResponseAt !== undefined && Date.parse(e.firstResponseAt) > nowMs)
    delete e.firstResponseAt;
  if (e.closedAt !== undefined && Date.parse(e.closedAt) > nowMs) {
    delete e.closedAt;
    delete e.resolved;
  }
}

/** The demo's annotations dated up to `to`: the lasting changes in its history. */
export function demoAnnotations(opts: GenerateOptions): Annotation[] {
  checkOptions(opts);
  return annotationsUpTo(opts.to);
}
