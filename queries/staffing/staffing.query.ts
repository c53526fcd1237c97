/**
 * Staff needed on a day, per 30-minute interval, against the duty roster, with the model
 * the backcast checks against the office's own history (`backcast.query.ts`): Erlang A with
 * the patience estimated from abandons and walk-ins who left, the queue carried from one
 * half hour to the next; Erlang C (stationary, no abandonment) stays available as the
 * textbook reference. The 115 line against its service level (configured share within the
 * registry's 30 s); each counter team as one pool of its advisors, appointments taking
 * their desks first, against the wait target (configured share within 15 min, see
 * CounterBasis); the mailbox as working hours to answer within 24 h. The roster lists
 * people on duty (see `onDuty`): shrinkage is added only when it stands for contracted
 * headcount. An interval is short when the people on duty, with the queue the roster
 * leaves from the half hours before, miss the target; the need is the fewest who would not.
 */
import { addDays, isoWeekday, type LocalDate } from '../../calendar/local-date.ts';
import { berlinOffsetMinutes, berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Team } from '../../domain/contract/common.ts';
import type { RosterTeam } from '../../domain/contract/roster.ts';
import { emptyQueue, erlangAStep, type QueueState } from '../../maths/erlang-a.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { dailyForecast } from '../forecast/forecast.query.ts';
import { percentText, THRESHOLDS } from '../kpis/definitions.ts';
import { rosterOfDay } from '../roster/roster-day.query.ts';
import { callMeasures } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import {
  afterWorkSeconds,
  appointmentDesks,
  onDuty,
  predictDay,
  type ModelInterval,
  type RosterBlock,
  type StaffingModel,
} from './backcast.query.ts';
import { patienceEstimates } from './patience.query.ts';

/** What the roster's persons stand for; shrinkage applies only to contracted headcount. */
export type RosterMeaning = 'on-duty' | 'headcount';
export const ROSTER_MEANINGS: Record<RosterMeaning, string> = {
  'on-duty': 'Dienstplan = anwesende Personen (ohne Pausen), kein Ausfallzuschlag',
  headcount: 'Dienstplan = Vertragspersonal, Bedarf um Ausfallzeiten erhöht',
};

/**
 * What the counters' target counts: like the KPI (design.md), every completed visit with a
 * wait — appointments, served first, count as within the time — or the walk-ins alone.
 */
export type CounterBasis = 'all-visits' | 'walk-ins';
export const COUNTER_BASES: Record<CounterBasis, string> = {
  'all-visits': 'alle Vorsprachen (Termine zählen als pünktlich), wie die Kennzahl',
  'walk-ins': 'nur Laufkundschaft',
};

export interface StaffingParams {
  date: LocalDate;
  /** Last day with data (forecasts start after it). */
  until: LocalDate;
  site?: string;
  model?: StaffingModel;
  rosterMeans?: RosterMeaning;
  counterBasis?: CounterBasis;
  /** Share of contracted time not on duty (breaks, training, sickness); only with `headcount`. */
  shrinkage?: number;
  callTarget?: { serviceLevel: number; seconds: number };
  counterTarget?: { serviceLevel: number; seconds: number };
  emailMinutes?: number;
}

/** One counter team in one interval: its own pool. */
export interface TeamStaffing {
  team: Team;
  walkIns: number;
  appointments: number;
  needed: number;
  roster: number;
  /**
   * Share served within the wait target, on the counter basis, predicted with the roster
   * (walk-ins who leave count as not served in time); null without walk-ins.
   */
  serviceLevel: number | null;
  short: boolean;
}

export interface StaffingInterval {
  start: string;
  calls: number;
  callAgents: number;
  rosterPhone: number;
  /** 115 service level the model predicts with the roster; null without calls. */
  phoneServiceLevel: number | null;
  walkIns: number;
  appointments: number;
  /** The counter teams' needs added up; each team is short on its own (`counterTeams`). */
  counterStaff: number;
  rosterCounters: number;
  phoneShort: boolean;
  /** Some counter team is short in this interval. */
  countersShort: boolean;
  counterTeams: TeamStaffing[];
}

export interface StaffingResult {
  date: LocalDate;
  model: StaffingModel;
  rosterMeans: RosterMeaning;
  counterBasis: CounterBasis;
  forecast: { visits: number; calls: number; emails: number };
  /** Handling per contact; at the counters the desk time of a walk-in with its after-work. */
  ahtSeconds: { calls: number; visits: number };
  patienceSeconds: { calls: number | null; counters: number | null };
  intervals: StaffingInterval[];
  email: { hoursNeeded: number; rosterHours: number; short: boolean };
  assumptions: string[];
}

const INTERVAL_SECONDS = 1800;
const HALF_HOUR = sql`intDiv(toHour(t, 'Europe/Berlin') * 60 + toMinute(t, 'Europe/Berlin'), 30) * 30`;

/** Per half hour (minute of the local day) and team, summed over the profile's days. */
interface TeamSlot {
  walkIns: number;
  appointments: number;
  /** Desk seconds appointments take in the half hour, and how many of them end in it. */
  appointmentDesk: number;
  appointmentEnds: number;
}

/**
 * The intraday profile from the last 8 same weekdays: calls offered per half hour, and per
 * counter team walk-ins and appointments by the start of their wait (design.md), all as
 * shares of the days' completed visits or offered calls, which the daily forecast counts.
 */
async function intradayProfile(wh: Warehouse, date: LocalDate, site?: string) {
  const days = Array.from({ length: 8 }, (_, k) => addDays(date, -7 * (k + 1)));
  const where = sql`day IN ${lit.inList(days, lit.date)} AND deleted = 0${site ? sql` AND site = ${lit.string(site)}` : sql``}`;
  const c = callMeasures(kpiSettings().shortAbandonSeconds);
  const desk = sql`toInt64(assumeNotNull(ended_at)) - toInt64(assumeNotNull(called_at))`;
  const hasDesk = sql`isNotNull(called_at) AND isNotNull(ended_at)`;
  const [calls, visits, desks] = await Promise.all([
    wh.query<{ m: number; offered: number; answered: number; handle: number }>(sql`
      SELECT ${HALF_HOUR} AS m, count() AS offered, countIf(${c.answered}) AS answered,
        sumIf(${c.handleSeconds}, ${c.answered}) AS handle
      FROM (SELECT *, offered_at AS t FROM calls FINAL WHERE ${where} AND NOT ifNull(${c.shortAbandon}, 0))
      GROUP BY m`),
    wh.query<{
      m: number;
      team_name: Team;
      completed: number;
      walk_ins: number;
      appointments: number;
      walk_desk_n: number;
      walk_desk: number;
    }>(sql`
      SELECT ${HALF_HOUR} AS m, toString(team) AS team_name,
        countIf(outcome = 'completed') AS completed,
        countIf(isNull(slot_start)) AS walk_ins,
        countIf(isNotNull(slot_start) AND ${hasDesk}) AS appointments,
        countIf(isNull(slot_start) AND ${hasDesk}) AS walk_desk_n,
        sumIf(${desk}, isNull(slot_start) AND ${hasDesk}) AS walk_desk
      FROM (SELECT *, if(isNull(slot_start), assumeNotNull(arrived_at), greatest(assumeNotNull(arrived_at), assumeNotNull(slot_start))) AS t
        FROM visits FINAL WHERE ${where} AND isNotNull(arrived_at) AND outcome != 'no_show')
      GROUP BY m, team_name`),
    appointmentDesks(wh, sql`(SELECT * FROM visits FINAL WHERE ${where})`),
  ]);
  const offered = calls.reduce((s, r) => s + Number(r.offered), 0);
  const completed = visits.reduce((s, r) => s + Number(r.completed), 0);
  const answered = calls.reduce((s, r) => s + Number(r.answered), 0);
  const teams = new Map<Team, Map<number, TeamSlot>>();
  const slotOf = (team: Team, m: number) => {
    const slots = teams.get(team) ?? teams.set(team, new Map()).get(team)!;
    return (
      slots.get(m) ??
      slots.set(m, { walkIns: 0, appointments: 0, appointmentDesk: 0, appointmentEnds: 0 }).get(m)!
    );
  };
  const per = (n: number) => n / Math.max(1, completed);
  const walkDesk = new Map<Team, { n: number; sum: number }>();
  for (const r of visits) {
    const slot = slotOf(r.team_name, Number(r.m));
    slot.walkIns = per(Number(r.walk_ins));
    slot.appointments = per(Number(r.appointments));
    const d = walkDesk.get(r.team_name) ?? { n: 0, sum: 0 };
    walkDesk.set(r.team_name, {
      n: d.n + Number(r.walk_desk_n),
      sum: d.sum + Number(r.walk_desk),
    });
  }
  for (const d of desks) {
    const local = d.t * 1000 + berlinOffsetMinutes(d.t * 1000) * 60_000;
    const slot = slotOf(d.team, Math.floor((local % 86_400_000) / 60_000));
    slot.appointmentDesk += per(d.busySeconds);
    slot.appointmentEnds += per(d.ends);
  }
  return {
    calls: new Map(calls.map((r) => [Number(r.m), Number(r.offered) / Math.max(1, offered)])),
    teams,
    callAht: answered > 0 ? calls.reduce((s, r) => s + Number(r.handle), 0) / answered : 300,
    walkDesk,
  };
}

/**
 * The fewest whole people whose predicted service level reaches `target`, searched from
 * `start` (down while it still holds, else up); `least` people are needed whatever the
 * queue (the appointments' desks).
 */
function fewest(ok: (n: number) => boolean, start: number, least: number): number {
  let n = Math.max(least, start);
  if (ok(n)) {
    while (n > least && ok(n - 1)) n--;
    return n;
  }
  while (!ok(n)) n++;
  return n;
}

interface Need {
  arrivals: number;
  /** Desks taken first (appointments), on average over the interval. */
  reserved: number;
  ahtSeconds: number;
  /** Contacts served first and counted within the target (appointments, see CounterBasis). */
  firstInTime: number;
}

/**
 * Per interval of one channel or team, in order through the day: the service level the
 * people on duty reach, and the fewest people who would reach the target in that interval,
 * both from the queue the roster leaves behind from the intervals before.
 */
function planDay(
  model: StaffingModel,
  needs: readonly Need[],
  onDutyPeople: readonly number[],
  patienceSeconds: number | null,
  target: { serviceLevel: number; seconds: number },
): { needed: number; serviceLevel: number }[] {
  const carried = model === 'erlang-a' && patienceSeconds !== null;
  let state: QueueState = emptyQueue();
  const interval = (need: Need, people: number): ModelInterval => ({
    arrivals: need.arrivals,
    agents: Math.max(0, people - need.reserved),
    ahtSeconds: need.ahtSeconds,
  });
  const step = (i: ModelInterval) =>
    erlangAStep(state, i, INTERVAL_SECONDS, patienceSeconds!, target.seconds);
  // Of the offered: whoever gives up counts as not served in time, so no staffing meets a
  // target by letting the queue walk away.
  const level = (need: Need, people: number) => {
    const i = interval(need, people);
    const sl = carried
      ? step(i).outcome.ofOffered
      : predictDay(model, [i], patienceSeconds, target.seconds, 'ofOffered')[0]!;
    const counted = need.firstInTime + need.arrivals;
    return counted > 0 ? (need.firstInTime + need.arrivals * sl) / counted : 1;
  };
  return needs.map((need, k) => {
    const least = Math.ceil(need.reserved - 1e-9);
    const load = need.reserved + (need.arrivals * need.ahtSeconds) / INTERVAL_SECONDS;
    const needed =
      need.arrivals === 0
        ? least
        : fewest((n) => level(need, n) >= target.serviceLevel, Math.ceil(load), least);
    const serviceLevel = level(need, onDutyPeople[k]!);
    if (carried) state = step(interval(need, onDutyPeople[k]!)).state;
    return { needed, serviceLevel };
  });
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const WEEKDAYS = [
  'Montage',
  'Dienstage',
  'Mittwoche',
  'Donnerstage',
  'Freitage',
  'Samstage',
  'Sonntage',
];

export async function staffing(wh: Warehouse, p: StaffingParams): Promise<StaffingResult> {
  const model = p.model ?? 'erlang-a';
  const rosterMeans = p.rosterMeans ?? 'on-duty';
  const counterBasis = p.counterBasis ?? 'all-visits';
  const shrinkage = rosterMeans === 'headcount' ? (p.shrinkage ?? 0.3) : 0;
  // Needs are people on duty; against contracted headcount they grow by the shrinkage, and
  // of the rostered headcount only the rest is on duty.
  const gross = (people: number) => Math.ceil(people / (1 - shrinkage) - 1e-9);
  const onDutyOf = (rostered: number) => rostered * (1 - shrinkage);
  const { targets } = kpiSettings();
  const callTarget = p.callTarget ?? {
    serviceLevel: targets.serviceLevel,
    seconds: THRESHOLDS.callAnswerSeconds,
  };
  const counterTarget = p.counterTarget ?? {
    serviceLevel: targets.waitedUnder15Share,
    seconds: THRESHOLDS.visitWaitMinutes * 60,
  };
  for (const [name, t] of [
    ['callTarget', callTarget],
    ['counterTarget', counterTarget],
  ] as const)
    if (!(t.serviceLevel > 0 && t.serviceLevel < 1))
      throw new RangeError(
        `${name}: service level must lie between 0 and 1 (got ${t.serviceLevel})`,
      );
  const emailMinutes = p.emailMinutes ?? 8;
  const horizon = Math.max(1, Math.round((Date.parse(p.date) - Date.parse(p.until)) / 86_400_000));
  const fc = async (channel: 'visits' | 'calls' | 'emails') => {
    const r = await dailyForecast(wh, { channel, horizon, until: p.until, site: p.site });
    return r.forecast.find((f) => f.date === p.date)?.forecast ?? 0;
  };
  const history = { from: addDays(p.until, -55), to: p.until, site: p.site };
  const [visits, calls, emails, profile, rosterRows, patience, afterWork] = await Promise.all([
    fc('visits'),
    fc('calls'),
    fc('emails'),
    intradayProfile(wh, p.date, p.site),
    rosterOfDay(wh, p),
    patienceEstimates(wh, history),
    afterWorkSeconds(wh, history),
  ]);
  const roster: RosterBlock[] = rosterRows.map((r) => ({
    date: p.date,
    team: r.team as RosterTeam,
    fromMinute: minutesOf(r.from),
    toMinute: minutesOf(r.to),
    persons: r.persons,
  }));
  const staff = (team: RosterTeam, m: number) => onDuty(roster, team, m, m + 30);
  // Shown: the half hours with calls or visitors; the model also runs through the others.
  const minutes = [
    ...new Set([
      ...profile.calls.keys(),
      ...[...profile.teams.values()].flatMap((t) =>
        [...t].filter(([, s]) => s.walkIns + s.appointments > 0).map(([m]) => m),
      ),
    ]),
  ].sort((a, b) => a - b);
  // Each channel runs through the day from its first interval to its last, empty ones too.
  const span = (ms: number[]) =>
    ms.length === 0
      ? []
      : Array.from(
          { length: (Math.max(...ms) - Math.min(...ms)) / 30 + 1 },
          (_, k) => Math.min(...ms) + 30 * k,
        );

  const callSpan = span([...profile.calls.keys()]);
  const line = planDay(
    model,
    callSpan.map((m) => ({
      arrivals: calls * (profile.calls.get(m) ?? 0),
      reserved: 0,
      ahtSeconds: profile.callAht,
      firstInTime: 0,
    })),
    callSpan.map((m) => onDutyOf(staff('telefon', m))),
    patience.calls.patienceSeconds,
    callTarget,
  );
  const lineAt = new Map(callSpan.map((m, k) => [m, line[k]!]));

  const walkInAht = new Map<Team, number>();
  const teamAt = new Map<Team, Map<number, TeamStaffing>>();
  for (const [team, slots] of profile.teams) {
    const after = afterWork.get(team) ?? 0;
    const d = profile.walkDesk.get(team) ?? { n: 0, sum: 0 };
    const aht = (d.n > 0 ? d.sum / d.n : 900) + after;
    walkInAht.set(team, aht);
    const teamSpan = span([...slots.keys()]);
    const needs = teamSpan.map((m) => {
      const s = slots.get(m) ?? {
        walkIns: 0,
        appointments: 0,
        appointmentDesk: 0,
        appointmentEnds: 0,
      };
      return {
        walkIns: visits * s.walkIns,
        appointments: visits * s.appointments,
        need: {
          arrivals: visits * s.walkIns,
          reserved: (visits * (s.appointmentDesk + s.appointmentEnds * after)) / INTERVAL_SECONDS,
          ahtSeconds: aht,
          firstInTime: counterBasis === 'all-visits' ? visits * s.appointments : 0,
        },
      };
    });
    const plan = planDay(
      model,
      needs.map((n) => n.need),
      teamSpan.map((m) => onDutyOf(staff(team, m))),
      patience.counters.patienceSeconds,
      counterTarget,
    );
    teamAt.set(
      team,
      new Map(
        teamSpan.map((m, k) => {
          const needed = gross(plan[k]!.needed);
          const rostered = staff(team, m);
          return [
            m,
            {
              team,
              walkIns: needs[k]!.walkIns,
              appointments: needs[k]!.appointments,
              needed,
              roster: rostered,
              serviceLevel: needs[k]!.walkIns > 0 ? plan[k]!.serviceLevel : null,
              short: needs[k]!.walkIns > 0 && plan[k]!.serviceLevel < counterTarget.serviceLevel,
            },
          ];
        }),
      ),
    );
  }

  const intervals: StaffingInterval[] = minutes.map((m) => {
    const nCalls = calls * (profile.calls.get(m) ?? 0);
    const callAgents = nCalls >= 0.5 ? gross(lineAt.get(m)?.needed ?? 0) : 0;
    const rosterPhone = staff('telefon', m);
    const counterTeams = [...teamAt.values()]
      .map((t) => t.get(m))
      .filter((t): t is TeamStaffing => t !== undefined)
      .sort((a, b) => a.team.localeCompare(b.team));
    return {
      start: toBerlinIso(berlinToUtc(p.date, m * 60)),
      calls: nCalls,
      callAgents,
      rosterPhone,
      phoneServiceLevel: nCalls > 0 ? (lineAt.get(m)?.serviceLevel ?? null) : null,
      walkIns: counterTeams.reduce((s, t) => s + t.walkIns, 0),
      appointments: counterTeams.reduce((s, t) => s + t.appointments, 0),
      counterStaff: counterTeams.reduce((s, t) => s + t.needed, 0),
      rosterCounters: counterTeams.reduce((s, t) => s + t.roster, 0),
      phoneShort: nCalls >= 0.5 && (lineAt.get(m)?.serviceLevel ?? 1) < callTarget.serviceLevel,
      countersShort: counterTeams.some((t) => t.short),
      counterTeams,
    };
  });

  const emailHours = (emails * emailMinutes) / 60 / (1 - shrinkage);
  const emailRoster = roster
    .filter((r) => r.team === 'email')
    .reduce((s, r) => s + (r.persons * (r.toMinute - r.fromMinute)) / 60, 0);
  const walkIns = intervals.reduce((s, i) => s + i.walkIns, 0);
  const visitAht =
    walkIns > 0
      ? intervals.reduce(
          (s, i) => s + i.counterTeams.reduce((x, t) => x + t.walkIns * walkInAht.get(t.team)!, 0),
          0,
        ) / walkIns
      : 900;
  const patienceText = (seconds: number | null, unit: 's' | 'min') =>
    seconds === null
      ? 'keine Abbrüche beobachtet'
      : `Ø ${Math.round(unit === 's' ? seconds : seconds / 60)} ${unit}`;
  return {
    date: p.date,
    model,
    rosterMeans,
    counterBasis,
    forecast: { visits, calls, emails },
    ahtSeconds: { calls: profile.callAht, visits: visitAht },
    patienceSeconds: {
      calls: patience.calls.patienceSeconds,
      counters: patience.counters.patienceSeconds,
    },
    intervals,
    email: { hoursNeeded: emailHours, rosterHours: emailRoster, short: emailHours > emailRoster },
    assumptions: [
      model === 'erlang-a'
        ? 'Modell: Erlang A – Anrufende legen auf, Wartende gehen, die Warteschlange läuft über den Tag'
        : 'Modell: Erlang C (Lehrbuch) – ohne Abbrüche, jede halbe Stunde für sich',
      `115: ${percentText(callTarget.serviceLevel)} binnen ${callTarget.seconds} s; Geduld der Anrufenden ${patienceText(patience.calls.patienceSeconds, 's')}`,
      `Schalter: ${percentText(counterTarget.serviceLevel)} binnen ${counterTarget.seconds / 60} min, ${COUNTER_BASES[counterBasis]}; Geduld der Laufkundschaft ${patienceText(patience.counters.patienceSeconds, 'min')}; je Team ein gemeinsamer Pool, Termine zuerst`,
      rosterMeans === 'headcount'
        ? `${ROSTER_MEANINGS.headcount}: Ausfallzeiten (Pausen, Schulung, Krankheit) ${Math.round(shrinkage * 100)} %`
        : ROSTER_MEANINGS['on-duty'],
      `E-Mail: ${emailMinutes} min je Vorgang, Antwort binnen ${THRESHOLDS.emailAnswerHours} h`,
      `Tagesprofil: die letzten acht ${WEEKDAYS[isoWeekday(p.date) - 1]}`,
    ],
  };
}
