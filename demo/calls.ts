import type { CallEvent } from '../domain/contract/call.ts';
import { enquiryTopics } from './enquiries.ts';
import { WeightedChoice, type Random } from './random.ts';
import { LINE_CLOSES, LINE_OPENS } from './roster.ts';
import { eventId, type SiteDay, type Stamped } from './sites.ts';

const INTERVAL_SECONDS = 1800;

/** Calls per half hour from 8:00 to 18:00: the morning peak 9–11, a smaller one after lunch. */
const INTRADAY = new WeightedChoice(
  [
    0.9, 1.2, 1.5, 1.6, 1.6, 1.5, 1.3, 1.1, 0.8, 0.7, 0.8, 0.9, 0.9, 0.85, 0.75, 0.65, 0.55, 0.45,
    0.35, 0.25,
  ].map((w, i) => [i, w] as const),
);

/** Callers who hang up during the greeting: the "short abandons" the KPIs leave out. */
const SHORT_ABANDON = 0.03;
const MEAN_PATIENCE_SECONDS = 200;

interface Agent {
  free: number;
  end: number;
  closer: boolean;
}

/**
 * The 115 calls of one site on one working day. The line is a first-come-first-served
 * queue in front of the agents on the roster: a caller gets the first agent to become free,
 * unless their (exponential) patience runs out first. Busy half hours therefore answer
 * later and lose more callers, and days with absences show a lower service level.
 */
export function generateCalls(day: SiteDay, random: Random): Stamped<CallEvent>[] {
  const count = random.poisson(
    day.profile.calls * day.site.volume * Math.exp(0.06 * random.normal()),
  );
  const offered: number[] = [];
  for (let i = 0; i < count; i++) {
    offered.push(
      LINE_OPENS + INTRADAY.pickIndex(random) * INTERVAL_SECONDS + random.int(INTERVAL_SECONDS),
    );
  }
  offered.sort((a, b) => a - b);

  const agents: Agent[] = [];
  for (const shift of day.shifts) {
    if (shift.team !== 'telefon') continue;
    for (let i = 0; i < shift.persons; i++) {
      agents.push({ free: shift.from, end: shift.to, closer: shift.to >= LINE_CLOSES });
    }
  }
  const topics = enquiryTopics(day.profile);
  const { clock } = day;

  return offered.map((t, i) => {
    const topic = topics.pick(random);
    const event = {
      type: 'call',
      id: eventId('C', day, i + 1),
      version: 1,
      site: day.site.id,
      offeredAt: clock.iso(t),
    } as CallEvent;
    const queue = topic.domain === 'kfz' ? '115-kfz' : '115-allgemein';

    let agent: Agent | null = null;
    let start = Infinity;
    if (!random.chance(SHORT_ABANDON)) {
      for (const a of agents) {
        const s = Math.max(t, a.free);
        if ((a.closer || s < a.end) && s < start) {
          start = s;
          agent = a;
        }
      }
    }
    // Ringing and the greeting take a few seconds even when an agent is free.
    const answered = start + 3 + random.int(6);
    const patience = agent ? random.exponential(MEAN_PATIENCE_SECONDS) : 1 + random.int(5);
    // Patience runs while the caller waits in the queue, not while it rings.
    if (agent === null || start - t > patience) {
      event.endedAt = clock.iso(t + Math.max(1, Math.round(patience)));
      event.queue = queue;
      return { at: clock.ms(t), event };
    }
    const talk = Math.round(Math.min(3600, Math.max(20, random.lognormal(180, 0.6))));
    const hold = random.chance(0.3) ? Math.round(random.lognormal(40, 0.7)) : 0;
    const wrap = 30 + random.int(31);
    const transferred = random.chance(0.1);
    const resolved = !transferred && random.chance(0.78);
    agent.free = answered + talk + hold + wrap;
    event.answeredAt = clock.iso(answered);
    event.endedAt = clock.iso(answered + talk + hold);
    event.queue = queue;
    event.talkSeconds = talk;
    event.holdSeconds = hold;
    event.wrapSeconds = wrap;
    event.transferred = transferred;
    event.resolvedFirstContact = resolved;
    // Open questions that need a look into the file get a call back.
    event.callbackRequested = !resolved && !transferred && random.chance(0.3);
    event.topic = topic.code;
    return { at: clock.ms(t), event };
  });
}
