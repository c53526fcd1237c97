import { addDays, type LocalDate } from '../calendar/local-date.ts';
import { isWorkingDay } from '../calendar/working-days.ts';
import type { EmailEvent } from '../domain/contract/email.ts';
import { clockOf, hm } from './clock.ts';
import { enquiryTopics } from './enquiries.ts';
import { WeightedChoice, type Random } from './random.ts';
import { eventId, type SiteDay, type Stamped } from './sites.ts';

/** Mail is answered Monday to Friday 8–16 on working days. */
const OFFICE_OPENS = hm(8);
const OFFICE_CLOSES = hm(16);
const BUSINESS_DAY = OFFICE_CLOSES - OFFICE_OPENS;

/** Mail arrives at any hour: office hours most, evenings some, the small hours little. */
const HOURLY = new WeightedChoice(
  [
    0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.3, 1.6, 1.6, 1.5, 1.3, 1.3, 1.4, 1.3, 1.2, 1.0,
    0.9, 0.9, 0.9, 0.8, 0.6, 0.45,
  ].map((w, i) => [i, w] as const),
);

interface LocalTime {
  date: LocalDate;
  seconds: number;
}

/** The local time `amount` business seconds after `from`; answers never fall outside hours. */
function addBusinessSeconds(from: LocalTime, amount: number): LocalTime {
  let { date, seconds } = from;
  for (;;) {
    if (isWorkingDay(date) && seconds < OFFICE_CLOSES) {
      seconds = Math.max(seconds, OFFICE_OPENS);
      if (seconds + amount <= OFFICE_CLOSES) return { date, seconds: seconds + amount };
      amount -= OFFICE_CLOSES - seconds;
    }
    date = addDays(date, 1);
    seconds = 0;
  }
}

function iso(t: LocalTime): string {
  return clockOf(t.date).iso(Math.round(t.seconds));
}

/** Business time until the first answer: mostly hours, sometimes days when a file is needed. */
function firstResponseDelay(random: Random): number {
  if (random.chance(0.05)) return random.uniform(2, 6) * BUSINESS_DAY;
  return Math.min(10 * BUSINESS_DAY, Math.max(120, random.lognormal(hm(2, 30), 1.0)));
}

/**
 * The email threads of one site on one day. Each thread is answered on its own business
 * clock (no shared backlog), so a day's mail does not depend on the days generated before.
 */
export function generateEmails(day: SiteDay, random: Random): Stamped<EmailEvent>[] {
  const count = random.poisson(
    day.profile.emails * day.site.volume * Math.exp(0.08 * random.normal()),
  );
  const received: number[] = [];
  for (let i = 0; i < count; i++) received.push(HOURLY.pickIndex(random) * 3600 + random.int(3600));
  received.sort((a, b) => a - b);
  const topics = enquiryTopics(day.profile);

  return received.map((seconds, i) => {
    const topic = topics.pick(random);
    const at = day.clock.ms(seconds);
    const event = {
      type: 'email',
      id: eventId('E', day, i + 1),
      version: 1,
      site: day.site.id,
      receivedAt: day.clock.iso(seconds),
    } as EmailEvent;
    const receivedAt = { date: day.date, seconds };
    const r = random.next();
    if (random.chance(0.02)) {
      // Never answered: mostly spam or duplicates closed unanswered, a few forgotten.
      if (r < 0.8) {
        event.closedAt = iso(addBusinessSeconds(receivedAt, random.lognormal(hm(4), 0.8)));
      }
    } else {
      const first = addBusinessSeconds(receivedAt, firstResponseDelay(random));
      event.firstResponseAt = iso(first);
      if (r < 0.62) event.closedAt = event.firstResponseAt;
      // Otherwise follow-up questions or documents still to come; a very few stay open.
      else if (r < 0.995) {
        event.closedAt = iso(addBusinessSeconds(first, random.lognormal(1.5 * BUSINESS_DAY, 0.9)));
      }
    }
    event.mailbox = mailbox(topic.domain);
    event.topic = topic.code;
    if (event.closedAt) event.resolved = event.firstResponseAt !== undefined && random.chance(0.93);
    return { at, event };
  });
}

function mailbox(domain: string): string {
  if (domain === 'kfz' || domain === 'fahrerlaubnis') return domain;
  return 'buergerbuero';
}
