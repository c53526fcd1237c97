/**
 * Online transactions of the demo office: from PARKING_ONLINE's date on, resident parking
 * permits are applied for online (channel `bewohnerparken`). The visits themselves already
 * lost the permits that moved online (lasting-changes.ts keeps only `counterShare` at the
 * counter); this module adds the online side, derived from a generated day so that counter
 * and online together stay at the demand before the change. Uptake grows over the first
 * months: at first some of those who would have come do not apply at all yet (they wait for
 * the permit to run out), later a few apply online who never came in person before.
 */
import { daysBetween, isoWeekday } from '../calendar/local-date.ts';
import type { OnlineEvent } from '../domain/contract/online.ts';
import { PARKING_ONLINE } from './annotations.ts';
import { clockOf, dayNumberOf } from './clock.ts';
import type { GeneratedDay } from './generator.ts';
import { Random } from './random.ts';

// A stream of its own (the generator uses 1–4), so the online side changes no other data.
const ONLINE = 7;
/** Of the demand that left the counter: online in the first month, and the ceiling. */
const UPTAKE_START = 0.8;
const UPTAKE_MAX = 1.05;
const UPTAKE_PER_MONTH = 0.06;
/** Transactions given up half-way (session timed out, payment failed) per completed one. */
const ABORTED_SHARE = 0.04;

/** Online transactions per permit that left the counter, `months` after the change. */
export function onlineUptake(months: number): number {
  return Math.min(UPTAKE_MAX, UPTAKE_START + UPTAKE_PER_MONTH * Math.max(0, months));
}

/**
 * The day's online transactions per site: the completed counter visits with a resident
 * parking permit stand for `counterShare` of the demand, the rest comes online, at any
 * time from 6:00 to midnight (after a Friday also at the weekend). Deterministic by seed, day and site.
 */
export function demoOnline(day: GeneratedDay, seed: number): OnlineEvent[] {
  if (day.date < PARKING_ONLINE.date) return [];
  const atCounter = new Map<string, number>();
  for (const e of day.events) {
    if (e.type !== 'visit' || e.outcome !== 'completed') continue;
    if (!e.services.includes(PARKING_ONLINE.service)) continue;
    atCounter.set(e.site, (atCounter.get(e.site) ?? 0) + 1);
  }
  const months = daysBetween(PARKING_ONLINE.date, day.date) / 30.44;
  const perCounterVisit =
    ((1 - PARKING_ONLINE.counterShare) / PARKING_ONLINE.counterShare) * onlineUptake(months);
  const clock = clockOf(day.date);
  // The counters are closed at weekends, the online service is not: Friday's share spreads
  // over Saturday and Sunday.
  const span = (isoWeekday(day.date) === 5 ? 3 * 24 - 6 : 18) * 3600;
  const compact = day.date.replaceAll('-', '');
  const out: OnlineEvent[] = [];
  [...atCounter.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .forEach(([site, visits], siteIndex) => {
      const random = new Random(seed, dayNumberOf(day.date), siteIndex, ONLINE);
      const completed = random.poisson(visits * perCounterVisit);
      const aborted = random.poisson(completed * ABORTED_SHARE);
      const seconds = Array.from(
        { length: completed + aborted },
        () => 6 * 3600 + random.int(span),
      ).sort((a, b) => a - b);
      const abortedAt = new Set(random.shuffle(seconds.map((_, i) => i)).slice(0, aborted));
      seconds.forEach((s, i) =>
        out.push({
          type: 'online',
          id: `O-${site}-${compact}-${String(i + 1).padStart(4, '0')}`,
          version: 1,
          site,
          service: PARKING_ONLINE.service,
          completedAt: clock.iso(s),
          channel: 'bewohnerparken',
          outcome: abortedAt.has(i) ? 'aborted' : 'completed',
        }),
      );
    });
  return out;
}
