import type { Team } from '../domain/contract/common.ts';
import type { VisitEvent, VisitOutcome } from '../domain/contract/visit.ts';
import { PROCESS_CHANGE } from './annotations.ts';
import { clockOfDay, hm } from './clock.ts';
import { companionOn, counterShare } from './lasting-changes.ts';
import { Random, WeightedChoice } from './random.ts';
import { COUNTER_OPENS, counterCloses } from './roster.ts';
import { SERVICE_INDEX, SERVICES, type ServiceProfile } from './services.ts';
import { eventId, type SiteDay, type Stamped } from './sites.ts';
import { COUNTER_TEAMS, teamServers, type Server } from './staff.ts';

/**
 * Completed visits per visit event, measured on the model (no-shows, cancellations,
 * referrals and walk-ins who left make up the rest); turns the completed-visit target
 * into the number of visits to draw.
 */
const COMPLETED_SHARE = 0.876;

/** Share of each team's customers who book; reception is walk-in only. Overall about 60 %. */
const APPOINTMENT_SHARE: Record<Team, number> = {
  'melde-pass': 0.7,
  kfz: 0.7,
  fahrerlaubnis: 0.7,
  haendler: 0.5,
  ausgabe: 0.15,
  empfang: 0,
  partner: 0,
};

const NO_SHOW = 0.1;
const CANCELLED = 0.015;
const REFERRED = 0.02;
const SLOT_SECONDS = hm(0, 30);
/**
 * A desk coming free this shortly before a booking is due calls the booked customer (if
 * already there) rather than start a walk-in's case that would make the booking wait.
 */
const CALL_AHEAD = hm(0, 3);
/**
 * Mean seconds a desk that is free when a booking comes due takes to call it: the call system
 * shows the booking at its slot, and the advisor opens it and its uploaded documents first.
 */
const BOOKING_CALL_SECONDS = 150;
/** Walk-ins are let in until a quarter of an hour before the counters close. */
const LAST_ADMISSION_BEFORE_CLOSE = hm(0, 15);

/**
 * Walk-in arrivals per half hour from 8:00: those who waited at the door, the main wave
 * 9–10:30, tailing off before noon; the Thursday afternoon is a calmer second wave.
 */
const WALK_IN_PROFILE = [
  1.5, 1.2, 1.5, 1.6, 1.5, 1.2, 0.9, 0.7, 0.5, 0.3, 0.6, 0.6, 0.55, 0.55, 0.6, 0.65, 0.6, 0.5, 0.4,
  0.25,
];

/** One customer on their way through the model, before becoming an event. */
interface Customer {
  services: string[];
  team: Team;
  persons: number;
  handle: number;
  outcome: VisitOutcome;
  /** Seconds of the day; -1 for a walk-in. */
  slot: number;
  arrive: number;
  /** When the customer is due to be called: arrival; for a booking its slot, if later. */
  ready: number;
  patience: number;
  called: number;
  started: number;
  ended: number;
  server: Server | null;
}

function personsFor(team: Team, random: Random): number {
  const r = random.next();
  if (team !== 'melde-pass') return r < 0.97 ? 1 : 2;
  // Families apply for IDs and passports together.
  if (r < 0.88) return 1;
  if (r < 0.96) return 2;
  return r < 0.99 ? 3 : 4;
}

function servicesFor(day: SiteDay, main: ServiceProfile, random: Random): string[] {
  const services = [main.code];
  for (const [code, probability] of main.companions) {
    if (services.length < 3 && random.chance(probability * counterShare(code, day.date))) {
      services.push(companionOn(code, day.date, random));
    }
  }
  return services;
}

/** Handling seconds: skewed per service; combined cases share the identity check. */
function handlingSeconds(
  day: SiteDay,
  services: readonly string[],
  persons: number,
  random: Random,
): number {
  let minutes = 0;
  services.forEach((code, i) => {
    const profile = SERVICES[SERVICE_INDEX.get(code) as number] as ServiceProfile;
    let median = profile.handlingMinutes;
    if (code === PROCESS_CHANGE.service && day.date >= PROCESS_CHANGE.date) {
      median *= PROCESS_CHANGE.handlingFactor;
    }
    minutes += random.lognormal(median, code === 'KFZ-HAENDLER' ? 0.5 : 0.4) * (i === 0 ? 1 : 0.85);
  });
  minutes *= 1 + 0.5 * (persons - 1);
  return Math.round(Math.min(240, Math.max(1, minutes)) * 60);
}

function drawCustomers(day: SiteDay, random: Random): Customer[] {
  const expected =
    (day.profile.completedVisits * day.site.volume * Math.exp(0.05 * random.normal())) /
    COMPLETED_SHARE;
  const count = random.poisson(expected);
  const mix = new WeightedChoice(
    SERVICES.map((p, i) => [p, p.visitWeight * (day.profile.serviceFactors[i] as number)] as const),
  );
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const main = mix.pick(random);
    const services = servicesFor(day, main, random);
    const persons = personsFor(main.team, random);
    const handle = handlingSeconds(day, services, persons, random);
    const booked = random.chance(APPOINTMENT_SHARE[main.team]);
    let outcome: VisitOutcome = 'completed';
    const r = random.next();
    if (booked && r < NO_SHOW) outcome = 'no_show';
    else if (r > 1 - CANCELLED) outcome = 'cancelled';
    else if (r > 1 - CANCELLED - REFERRED) outcome = 'referred';
    customers.push({
      services,
      team: main.team,
      persons,
      // Cancelled or referred cases stop part-way through.
      handle: outcome === 'completed' ? handle : Math.round(handle * random.uniform(0.3, 0.6)),
      outcome,
      slot: booked ? 0 : -1, // the booked get their slot per team, below
      arrive: 0,
      ready: 0,
      patience: random.lognormal(hm(1, 10), 0.4),
      called: -1,
      started: -1,
      ended: -1,
      server: null,
    });
  }
  return customers;
}

/** Fills the slots evenly, weighted by how many advisors are on duty in each. */
function assignSlots(
  booked: Customer[],
  servers: readonly Server[],
  closes: number,
  random: Random,
): void {
  const slots: number[] = [];
  const weights: number[] = [];
  for (let slot = COUNTER_OPENS; slot + SLOT_SECONDS <= closes; slot += SLOT_SECONDS) {
    slots.push(slot);
    weights.push(servers.filter((s) => s.free <= slot && slot < s.end).length);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  random.shuffle(booked);
  let k = 0;
  let cumulative = weights[0] as number;
  booked.forEach((c, i) => {
    const position = ((i + 0.5) / booked.length) * total;
    while (position > cumulative && k < slots.length - 1) cumulative += weights[++k] as number;
    c.slot = slots[k] as number;
    // Most come a few minutes early, some a little late.
    const offset = Math.min(hm(0, 15), Math.max(-hm(0, 30), random.normal() * 300 - 360));
    c.arrive = Math.max(COUNTER_OPENS, Math.round(c.slot + offset));
    c.ready = Math.max(c.arrive, c.slot);
  });
}

/** Arrival bins up to the day's closing time (the Thursday afternoon only on Thursdays). */
function walkInBins(closes: number): WeightedChoice<number> {
  const bins = Math.ceil((closes - COUNTER_OPENS) / SLOT_SECONDS);
  return new WeightedChoice(WALK_IN_PROFILE.slice(0, bins).map((w, i) => [i, w] as const));
}
const WALK_IN_BINS = new Map([hm(13), hm(18)].map((closes) => [closes, walkInBins(closes)]));

function assignWalkInArrivals(walkIns: Customer[], closes: number, random: Random): void {
  const bins = WALK_IN_BINS.get(closes) ?? walkInBins(closes);
  const lastAdmission = closes - LAST_ADMISSION_BEFORE_CLOSE;
  for (const c of walkIns) {
    const bin = COUNTER_OPENS + bins.pickIndex(random) * SLOT_SECONDS;
    c.arrive = bin + random.int(Math.min(SLOT_SECONDS, lastAdmission - bin));
    c.ready = c.arrive;
  }
}

/**
 * A team's queue: whoever becomes free calls the next booked customer whose slot has come,
 * else the longest-waiting walk-in. Walk-ins whose wait exceeded their patience have left.
 * Waits therefore grow with the day's load and the morning wave, and the bookings of a slot,
 * all due at once, wait a few minutes for the desks to come free, as at a real counter.
 */
function serve(booked: Customer[], walkIns: Customer[], servers: Server[], random: Random): void {
  booked.sort((a, b) => a.ready - b.ready);
  walkIns.sort((a, b) => a.arrive - b.arrive);
  let bi = 0;
  let wi = 0;
  while (bi < booked.length || wi < walkIns.length) {
    let server: Server | null = null;
    for (const s of servers)
      if (!s.retired && (server === null || s.free < server.free)) server = s;
    if (server === null) break;
    const head = bi < booked.length ? (booked[bi] as Customer) : null;
    const nextBooked = head?.ready ?? Infinity;
    const nextWalkIn = wi < walkIns.length ? (walkIns[wi] as Customer).arrive : Infinity;
    const ahead =
      head !== null && head.arrive <= server.free && nextBooked - CALL_AHEAD <= server.free;
    const t = ahead ? server.free : Math.max(server.free, Math.min(nextBooked, nextWalkIn));
    if (!server.closer && t >= server.end) {
      server.retired = true;
      continue;
    }
    const isBooked = ahead || nextBooked <= t;
    const c = (isBooked ? booked[bi++] : walkIns[wi++]) as Customer;
    if (!isBooked && t - c.arrive > c.patience) {
      c.outcome = 'left';
      continue;
    }
    c.called = t;
    if (isBooked && t === c.ready) {
      c.called += Math.round(random.exponential(BOOKING_CALL_SECONDS));
    }
    c.started = c.called + random.int(50) + 10;
    c.ended = c.started + c.handle;
    c.server = server;
    // Closing the case after the customer has gone: notes, scans.
    server.free = c.ended + 30 + random.int(50);
  }
}

/** When the slot was booked online: mostly days to weeks ahead, a few on the day itself. */
function bookedAt(day: SiteDay, slot: number, random: Random): string {
  if (random.chance(0.05)) {
    return day.clock.iso(Math.max(0, slot - hm(1) - random.int(hm(5))));
  }
  const leadDays = Math.min(120, Math.max(1, Math.round(random.lognormal(9, 0.9))));
  return clockOfDay(day.dayNumber - leadDays).iso(hm(6) + random.int(hm(18)));
}

function toEvent(day: SiteDay, c: Customer, random: Random): Stamped<VisitEvent> {
  const { clock } = day;
  // Built field by field so that the JSON reads in the contract's order, without absent keys.
  const event = { type: 'visit', id: '', version: 1, site: day.site.id } as VisitEvent;
  if (c.outcome !== 'no_show') event.arrivedAt = clock.iso(c.arrive);
  if (c.server) {
    event.calledAt = clock.iso(c.called);
    event.startedAt = clock.iso(c.started);
    event.endedAt = clock.iso(c.ended);
  }
  if (c.slot >= 0) {
    event.appointment = { bookedAt: bookedAt(day, c.slot, random), slotStart: clock.iso(c.slot) };
  }
  event.team = c.team;
  if (c.server) {
    event.desk = c.server.desk;
    event.agent = c.server.agent;
  }
  event.services = c.services;
  event.persons = c.persons;
  event.outcome = c.outcome;
  return { at: clock.ms(c.outcome === 'no_show' ? c.slot : c.arrive), event };
}

/** The visits of one site on one working day, in order of arrival (no-shows: of their slot). */
export function generateVisits(day: SiteDay, random: Random): Stamped<VisitEvent>[] {
  const closes = counterCloses(day.profile.weekday);
  const customers = drawCustomers(day, random);
  for (const team of COUNTER_TEAMS) {
    const servers = teamServers(team, day.shifts, closes, day.site.staff, random);
    const ofTeam = customers.filter((c) => c.team === team);
    const booked = ofTeam.filter((c) => c.slot >= 0);
    const walkIns = ofTeam.filter((c) => c.slot < 0);
    assignSlots(booked, servers, closes, random);
    assignWalkInArrivals(walkIns, closes, random);
    serve(
      booked.filter((c) => c.outcome !== 'no_show'),
      walkIns,
      servers,
      random,
    );
  }
  const stamped = customers.map((c) => toEvent(day, c, random));
  stamped.sort((a, b) => a.at - b.at);
  stamped.forEach((s, i) => (s.event.id = eventId('V', day, i + 1)));
  return stamped;
}
