import type { LocalDate } from '../calendar/local-date.ts';
import { CHILD_PASSPORT_ABOLISHED, PARKING_ONLINE } from './annotations.ts';
import type { Random } from './random.ts';
import { SERVICE_INDEX, SERVICES } from './services.ts';

const weightOf = (code: string) => SERVICES[SERVICE_INDEX.get(code) as number]?.visitWeight ?? 0;

/** How much each successor's demand grows once it carries the children's share. */
const SUCCESSOR_FACTOR = new Map(
  CHILD_PASSPORT_ABOLISHED.successors.map(([code, share]) => [
    code,
    1 + (share * weightOf(CHILD_PASSPORT_ABOLISHED.service)) / weightOf(code),
  ]),
);

/**
 * Demand for a service on a day relative to the office's service mix, counter and online
 * together: after its abolition the Kinderreisepass has none, its successors carry its weight.
 */
export function demandFactor(code: string, d: LocalDate): number {
  if (d < CHILD_PASSPORT_ABOLISHED.date) return 1;
  if (code === CHILD_PASSPORT_ABOLISHED.service) return 0;
  return SUCCESSOR_FACTOR.get(code) ?? 1;
}

/** Share of a service's demand that still comes to the counter on a day. */
export function counterShare(code: string, d: LocalDate): number {
  return code === PARKING_ONLINE.service && d >= PARKING_ONLINE.date
    ? PARKING_ONLINE.counterShare
    : 1;
}

/**
 * The service under which a companion concern is done on a day: a child's passport is a
 * Personalausweis or a Reisepass since the Kinderreisepass was abolished.
 */
export function companionOn(code: string, d: LocalDate, random: Random): string {
  if (code !== CHILD_PASSPORT_ABOLISHED.service || d < CHILD_PASSPORT_ABOLISHED.date) return code;
  let r = random.next();
  for (const [successor, share] of CHILD_PASSPORT_ABOLISHED.successors) {
    if ((r -= share) < 0) return successor;
  }
  return CHILD_PASSPORT_ABOLISHED.successors.at(-1)?.[0] as string;
}
