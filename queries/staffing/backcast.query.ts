/**
 * Backcast of the staffing model: for every 30-minute interval of the last weeks' working
 * days, the service level the model predicts from what actually happened — the arrivals,
 * their handling times and the people on the roster — against the service level observed.
 * Its mean absolute error tells a planner how far the staffing figures can be trusted, as
 * the backtest does for the forecast.
 *
 * 115: answered within 30 s of offered (design.md). Counters: completed walk-ins who waited
 * at most 15 min of those with a wait. Each team is one pool serving its walk-ins and its
 * appointments: appointments take their desks first, for the time they sit there, and the
 * walk-ins queue for the rest of the team. A desk is taken from the call to the end of the
 * visit and the after-work that follows (`afterWorkSeconds`).
 */
import {
  berlinDate,
  berlinOffsetMinutes,
  berlinToUtc,
  toBerlinIso,
} from '../../calendar/berlin-time.ts';
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import type { Team } from '../../domain/contract/common.ts';
import type { RosterTeam } from '../../domain/contract/roster.ts';
import { erlangADay } from '../../maths/erlang-a.ts';
import { serviceLevelOf } from '../../maths/erlang-c.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { THRESHOLDS } from '../kpis/definitions.ts';
import { callMeasures, eventsIn, VISIT } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import { patienceEstimates } from './patience.query.ts';

export type StaffingModel = 'erlang-a' | 'erlang-c';
export const STAFFING_MODELS: readonly StaffingModel[] = ['erlang-a', 'erlang-c'];

const INTERVAL_SECONDS = 1800;

/**
 * What the roster means, defined once for backcast and staffing: a block lists the people
 * on duty at the desks or on the line, net of breaks — who may be absent is already off it.
 * Shrinkage therefore applies only when planning from contracted headcount, never on top of
 * the roster. A block that covers part of an interval counts for that part.
 */
export interface RosterBlock {
  date: LocalDate;
  team: RosterTeam;
  fromMinute: number;
  toMinute: number;
  persons: number;
}

export function onDuty(
  blocks: readonly RosterBlock[],
  team: RosterTeam,
  fromMinute: number,
  toMinute: number,
): number {
  let personMinutes = 0;
  for (const b of blocks)
    if (b.team === team)
      personMinutes +=
        b.persons *
        Math.max(0, Math.min(b.toMinute, toMinute) - Math.max(b.fromMinute, fromMinute));
  return personMinutes / (toMinute - fromMinute);
}

/** One interval of a day as the models see it. */
export interface ModelInterval {
  arrivals: number;
  agents: number;
  ahtSeconds: number;
}

/**
 * Service level within `targetSeconds` per interval of one day (intervals contiguous from
 * opening), of the offered (115) or of the served (counters). Erlang A carries the queue
 * from one interval to the next (`erlangADay`); Erlang C, the textbook reference, takes
 * each interval on its own and knows no abandonment, so both shares coincide there. Without
 * any abandonment seen there is no patience to model, and Erlang C answers.
 */
export function predictDay(
  model: StaffingModel,
  intervals: readonly ModelInterval[],
  patienceSeconds: number | null,
  targetSeconds: number,
  basis: 'ofOffered' | 'ofServed',
): number[] {
  if (model === 'erlang-a' && patienceSeconds !== null)
    return erlangADay(intervals, INTERVAL_SECONDS, patienceSeconds, targetSeconds).map((o) =>
      Number.isNaN(o[basis]) ? 0 : o[basis],
    );
  return intervals.map((i) => {
    if (i.arrivals === 0) return 1;
    const a = (i.arrivals * i.ahtSeconds) / INTERVAL_SECONDS;
    const low = Math.floor(i.agents);
    const share = i.agents - low;
    const at = (n: number) => serviceLevelOf(n, a, i.ahtSeconds, targetSeconds);
    // A roster covering part of the interval is interpolated between whole agents.
    return share < 1e-9 ? at(low) : (1 - share) * at(low) + share * at(low + 1);
  });
}

export interface BackcastParams {
  /** Last day with data; the backcast covers the weeks up to it. */
  until: LocalDate;
  weeks?: number;
  site?: string;
  model?: StaffingModel;
}

export interface BackcastInterval {
  /** Interval start, local time with offset. */
  start: string;
  channel: 'calls' | 'counters';
  /** Contacts that arrived (calls offered; walk-ins and appointments at the counters). */
  arrivals: number;
  /** People on duty, averaged over the interval. */
  onDuty: number;
  ahtSeconds: number;
  /** What the observed share is counted over: offered calls, completed walk-ins with a wait. */
  observedOver: number;
  observed: number;
  predicted: number;
}

export interface BackcastError {
  intervals: number;
  /** Mean |predicted − observed| in percentage points; null without intervals. */
  maePoints: number | null;
  /** Mean predicted − observed in percentage points (positive: the model is too optimistic). */
  biasPoints: number | null;
  /**
   * The mean absolute error chance alone would leave if the model were exact: an interval
   * of 8 calls can only show 0, 12.5, 25 … %, so its observed share scatters around the true
   * one. What maePoints exceeds it by is the model's own error.
   */
  chancePoints: number | null;
  /** The same comparison per day (each day's intervals counted together). */
  dailyMaePoints: number | null;
  /**
   * Days whose observed share met the target, and on those days the half hours the model
   * predicts below target with the roster as it was — what the staffing table would have
   * called "zu wenig" on a day that went fine (mean and most per day; null without such days).
   */
  metDays: number;
  shortOnMetDays: { mean: number; max: number } | null;
}

export interface BackcastResult {
  from: LocalDate;
  to: LocalDate;
  model: StaffingModel;
  patienceSeconds: { calls: number | null; counters: number | null };
  targetSeconds: { calls: number; counters: number };
  calls: BackcastError;
  counters: BackcastError;
  teams: (BackcastError & { team: Team })[];
  /** Channel level: the 115 line, and all counter teams of an interval together. */
  intervals: BackcastInterval[];
}

interface Slot {
  t: number;
  date: LocalDate;
  minute: number;
}

function slotOf(t: number): Slot {
  const ms = t * 1000;
  const local = ms + berlinOffsetMinutes(ms) * 60_000;
  return {
    t,
    date: berlinDate(new Date(ms)),
    minute: Math.floor((local % 86_400_000) / 60_000),
  };
}

/** E|X/k − p| for X ~ Binomial(k, p), summed over X in logs. */
function binomialScatter(k: number, p: number): number {
  if (p <= 0 || p >= 1) return 0;
  let lp = k * Math.log1p(-p);
  let sum = 0;
  for (let x = 0; x <= k; x++) {
    if (x > 0) lp += Math.log((k - x + 1) / x) + Math.log(p / (1 - p));
    sum += Math.exp(lp) * Math.abs(x / k - p);
  }
  return sum;
}

/** Days whose observed share met `target`, and how many of their half hours the model calls short. */
export function metDaySummary(
  rows: readonly BackcastInterval[],
  target: number,
): Pick<BackcastError, 'metDays' | 'shortOnMetDays'> {
  const days = new Map<string, { over: number; observed: number; short: number }>();
  for (const r of rows) {
    const key = r.start.slice(0, 10);
    const d = days.get(key) ?? { over: 0, observed: 0, short: 0 };
    d.over += r.observedOver;
    d.observed += r.observed * r.observedOver;
    if (r.predicted < target) d.short++;
    days.set(key, d);
  }
  const met = [...days.values()].filter((d) => d.over > 0 && d.observed / d.over >= target);
  return {
    metDays: met.length,
    shortOnMetDays: met.length
      ? {
          mean: met.reduce((s, d) => s + d.short, 0) / met.length,
          max: Math.max(...met.map((d) => d.short)),
        }
      : null,
  };
}

function errorOf(rows: readonly BackcastInterval[], target: number): BackcastError {
  if (rows.length === 0)
    return {
      intervals: 0,
      maePoints: null,
      biasPoints: null,
      chancePoints: null,
      dailyMaePoints: null,
      metDays: 0,
      shortOnMetDays: null,
    };
  const mean = (xs: number[]) => (100 * xs.reduce((s, x) => s + x, 0)) / xs.length;
  const days = new Map<string, { over: number; observed: number; predicted: number }>();
  for (const r of rows) {
    const d = days.get(r.start.slice(0, 10)) ?? { over: 0, observed: 0, predicted: 0 };
    days.set(r.start.slice(0, 10), {
      over: d.over + r.observedOver,
      observed: d.observed + r.observed * r.observedOver,
      predicted: d.predicted + r.predicted * r.observedOver,
    });
  }
  return {
    intervals: rows.length,
    maePoints: mean(rows.map((r) => Math.abs(r.predicted - r.observed))),
    biasPoints: mean(rows.map((r) => r.predicted - r.observed)),
    chancePoints: mean(rows.map((r) => binomialScatter(r.observedOver, r.predicted))),
    dailyMaePoints: mean(
      [...days.values()].map((d) => Math.abs(d.predicted - d.observed) / d.over),
    ),
    ...metDaySummary(rows, target),
  };
}

async function rosterBlocks(
  wh: Warehouse,
  p: { from: LocalDate; to: LocalDate; site?: string },
): Promise<RosterBlock[]> {
  // Aliases differ from the columns: 18.16 would otherwise read them in WHERE and GROUP BY.
  const rows = await wh.query<{
    day_text: LocalDate;
    team_name: RosterTeam;
    from_minute: number;
    to_minute: number;
    persons: number;
  }>(sql`
    SELECT toString(date) AS day_text, toString(team) AS team_name, from_minute, to_minute, sum(persons) AS persons
    FROM roster FINAL WHERE date BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${p.site ? sql` AND site = ${lit.string(p.site)}` : sql``}
    GROUP BY day_text, team_name, from_minute, to_minute`);
  return rows.map((r) => ({
    date: r.day_text,
    team: r.team_name,
    fromMinute: Number(r.from_minute),
    toMinute: Number(r.to_minute),
    persons: Number(r.persons),
  }));
}

async function callSlots(wh: Warehouse, p: { from: LocalDate; to: LocalDate; site?: string }) {
  const c = callMeasures(kpiSettings().shortAbandonSeconds);
  const rows = await wh.query<{
    t: number;
    offered: number;
    in_target: number;
    answered: number;
    handle: number;
  }>(sql`
    SELECT intDiv(toUInt32(offered_at), 1800) * 1800 AS t,
      countIf(NOT ifNull(${c.shortAbandon}, 0)) AS offered,
      countIf(${c.answered} AND ifNull(${c.answerSeconds} <= ${lit.int(THRESHOLDS.callAnswerSeconds)}, 0)) AS in_target,
      countIf(${c.answered}) AS answered,
      sumIf(${c.handleSeconds}, ${c.answered}) AS handle
    FROM ${eventsIn('calls', p, p)} GROUP BY t ORDER BY t`);
  return rows.map((r) => ({
    t: Number(r.t),
    offered: Number(r.offered),
    inTarget: Number(r.in_target),
    answered: Number(r.answered),
    handle: Number(r.handle),
  }));
}

async function visitSlots(wh: Warehouse, p: { from: LocalDate; to: LocalDate; site?: string }) {
  const waitStart = sql`if(isNull(slot_start), assumeNotNull(arrived_at), greatest(assumeNotNull(arrived_at), assumeNotNull(slot_start)))`;
  const desk = sql`toInt64(assumeNotNull(ended_at)) - toInt64(assumeNotNull(called_at))`;
  const hasDesk = sql`isNotNull(called_at) AND isNotNull(ended_at)`;
  const walkIn = sql`isNull(slot_start)`;
  const walkInWait = sql`${walkIn} AND ${VISIT.completed} AND ${VISIT.hasWait}`;
  const rows = await wh.query<{
    t: number;
    team_name: Team;
    walk_ins: number;
    desk_n: number;
    desk_sum: number;
    with_wait: number;
    under: number;
  }>(sql`
    SELECT intDiv(toUInt32(${waitStart}), 1800) * 1800 AS t, toString(team) AS team_name,
      countIf(${walkIn}) AS walk_ins,
      countIf(${walkIn} AND ${hasDesk}) AS desk_n,
      sumIf(${desk}, ${walkIn} AND ${hasDesk}) AS desk_sum,
      countIf(${walkInWait}) AS with_wait,
      countIf(${walkInWait} AND ifNull(${VISIT.waitSeconds} <= ${lit.int(THRESHOLDS.visitWaitMinutes * 60)}, 0)) AS under
    FROM ${eventsIn('visits', p, p)} WHERE isNotNull(arrived_at) AND outcome != 'no_show'
    GROUP BY t, team_name ORDER BY t, team_name`);
  return rows.map((r) => ({
    t: Number(r.t),
    team: r.team_name,
    walkIns: Number(r.walk_ins),
    deskN: Number(r.desk_n),
    deskSum: Number(r.desk_sum),
    withWait: Number(r.with_wait),
    under: Number(r.under),
  }));
}

/**
 * Desk time of appointments per team and half hour (UTC start, seconds), from the call to
 * the end of each visit spread over the half hours it covers, and how many end in each:
 * appointments take their desks first, for as long as they sit there. `source` is a set of
 * current visit rows.
 */
export async function appointmentDesks(
  wh: Warehouse,
  source: Sql,
): Promise<{ t: number; team: Team; busySeconds: number; ends: number }[]> {
  const rows = await wh.query<{ team_name: Team; t: number; busy: number; ends: number }>(sql`
    SELECT toString(team) AS team_name, slot AS t,
      sum(least(e, slot + 1800) - greatest(b, slot)) AS busy,
      countIf(e > slot AND e <= slot + 1800) AS ends
    FROM (
      SELECT team, toUInt32(assumeNotNull(called_at)) AS b, toUInt32(assumeNotNull(ended_at)) AS e
      FROM ${source} WHERE isNotNull(slot_start) AND isNotNull(called_at) AND isNotNull(ended_at)
    ) ARRAY JOIN arrayMap(i -> (intDiv(b, 1800) + i) * 1800,
      range(toUInt64(intDiv(e, 1800) - intDiv(b, 1800) + 1))) AS slot
    GROUP BY team_name, t`);
  return rows.map((r) => ({
    t: Number(r.t),
    team: r.team_name,
    busySeconds: Number(r.busy),
    ends: Number(r.ends),
  }));
}

/**
 * After-work at the desk (scanning, ordering the document, notes), which the events do not
 * record: per team the mean gap between the end of a visit and the next call at the same
 * desk while the next customer was already waiting. Gaps over 15 min are breaks, not work.
 */
export async function afterWorkSeconds(
  wh: Warehouse,
  p: { from: LocalDate; to: LocalDate; site?: string },
): Promise<Map<Team, number>> {
  const waitStart = sql`if(isNull(slot_start), assumeNotNull(arrived_at), greatest(assumeNotNull(arrived_at), assumeNotNull(slot_start)))`;
  const rows = await wh.query<{ team_name: Team; mean_gap: number }>(sql`
    SELECT toString(team) AS team_name, avg(gap) AS mean_gap FROM (
      SELECT team, arraySort(x -> x.1, groupArray((toUInt32(assumeNotNull(called_at)),
        toUInt32(assumeNotNull(ended_at)), toUInt32(${waitStart})))) AS v
      FROM ${eventsIn('visits', p, p)}
      WHERE isNotNull(called_at) AND isNotNull(ended_at) AND isNotNull(arrived_at) AND desk != ''
      GROUP BY team, day, desk
    ) ARRAY JOIN arrayMap((a, b) -> if(b.3 < a.2, toInt64(b.1) - toInt64(a.2), -1),
      arrayPopBack(v), arrayPopFront(v)) AS gap
    WHERE gap >= 0 AND gap <= 900
    GROUP BY team_name`);
  return new Map(rows.map((r) => [r.team_name, Number(r.mean_gap)]));
}

/** What one channel (or team) saw in one interval of a day. */
interface Observed {
  arrivals: number;
  /** Contacts with a handling time, and its sum. */
  handled: number;
  handleSum: number;
  /** What the observed share is counted over, and how many of them were in time. */
  over: number;
  inTime: number;
}

interface DayRow extends Observed {
  minute: number;
  /** Desks taken first by appointments, on average over the interval. */
  reserved: number;
  agents: number;
  ahtSeconds: number;
  predicted: number;
}

/**
 * One day of one channel or team: the intervals from the first with people on duty or
 * arrivals to the last, empty ones included (the queue runs through them), predicted.
 */
function backcastDay(
  model: StaffingModel,
  seen: ReadonlyMap<number, Observed>,
  staff: (minute: number) => number,
  reserved: ReadonlyMap<number, number>,
  rosterMinutes: readonly number[],
  fallbackAht: number,
  patienceSeconds: number | null,
  targetSeconds: number,
  basis: 'ofOffered' | 'ofServed',
): DayRow[] {
  const minutes = [...seen.keys(), ...reserved.keys(), ...rosterMinutes];
  if (minutes.length === 0) return [];
  const rows: DayRow[] = [];
  for (let m = Math.min(...minutes); m <= Math.max(...minutes); m += 30) {
    const o = seen.get(m) ?? {
      arrivals: 0,
      handled: 0,
      handleSum: 0,
      over: 0,
      inTime: 0,
    };
    const ahtSeconds = o.handled > 0 ? o.handleSum / o.handled : fallbackAht;
    const taken = reserved.get(m) ?? 0;
    rows.push({
      ...o,
      minute: m,
      reserved: taken,
      agents: Math.max(0, staff(m) - taken),
      ahtSeconds,
      predicted: 0,
    });
  }
  const predicted = predictDay(model, rows, patienceSeconds, targetSeconds, basis);
  return rows.map((r, i) => ({ ...r, predicted: predicted[i]! }));
}

/** Half-hour starts (minutes of the day) a team's roster covers on a day. */
function rosterMinutes(blocks: readonly RosterBlock[], team: RosterTeam): number[] {
  const out: number[] = [];
  for (const b of blocks)
    if (b.team === team && b.persons > 0)
      for (let m = Math.floor(b.fromMinute / 30) * 30; m < b.toMinute; m += 30) out.push(m);
  return out;
}

function collect<K>(
  map: Map<K, Map<LocalDate, Map<number, Observed>>>,
  key: K,
  slot: Slot,
  o: Observed,
) {
  const byDay = map.get(key) ?? map.set(key, new Map()).get(key)!;
  const byMinute = byDay.get(slot.date) ?? byDay.set(slot.date, new Map()).get(slot.date)!;
  byMinute.set(slot.minute, o);
}

export async function staffingBackcast(wh: Warehouse, p: BackcastParams): Promise<BackcastResult> {
  const model = p.model ?? 'erlang-a';
  const { targets } = kpiSettings();
  const range = { from: addDays(p.until, -7 * (p.weeks ?? 8) + 1), to: p.until, site: p.site };
  const [patience, roster, calls, visits, afterWork, desks] = await Promise.all([
    patienceEstimates(wh, range),
    rosterBlocks(wh, range),
    callSlots(wh, range),
    visitSlots(wh, range),
    afterWorkSeconds(wh, range),
    appointmentDesks(wh, eventsIn('visits', range, range)),
  ]);
  const rosterOf = new Map<LocalDate, RosterBlock[]>();
  for (const b of roster) rosterOf.set(b.date, [...(rosterOf.get(b.date) ?? []), b]);
  const callSeconds = THRESHOLDS.callAnswerSeconds;
  const counterSeconds = THRESHOLDS.visitWaitMinutes * 60;

  const seen = new Map<RosterTeam, Map<LocalDate, Map<number, Observed>>>();
  const aht = new Map<RosterTeam, { n: number; sum: number }>();
  const addAht = (team: RosterTeam, n: number, sum: number) => {
    const a = aht.get(team) ?? { n: 0, sum: 0 };
    aht.set(team, { n: a.n + n, sum: a.sum + sum });
  };
  for (const r of calls) {
    collect(seen, 'telefon', slotOf(r.t), {
      arrivals: r.offered,
      handled: r.answered,
      handleSum: r.handle,
      over: r.offered,
      inTime: r.inTarget,
    });
    addAht('telefon', r.answered, r.handle);
  }
  for (const r of visits) {
    const after = afterWork.get(r.team) ?? 0;
    collect(seen, r.team, slotOf(r.t), {
      arrivals: r.walkIns,
      handled: r.deskN,
      handleSum: r.deskSum + r.deskN * after,
      over: r.withWait,
      inTime: r.under,
    });
    addAht(r.team, r.deskN, r.deskSum + r.deskN * after);
  }

  const reserved = new Map<RosterTeam, Map<LocalDate, Map<number, number>>>();
  for (const d of desks) {
    const slot = slotOf(d.t);
    const byDay = reserved.get(d.team) ?? reserved.set(d.team, new Map()).get(d.team)!;
    const byMinute = byDay.get(slot.date) ?? byDay.set(slot.date, new Map()).get(slot.date)!;
    const after = afterWork.get(d.team) ?? 0;
    byMinute.set(slot.minute, (d.busySeconds + d.ends * after) / INTERVAL_SECONDS);
  }

  const callRows: BackcastInterval[] = [];
  const teamRows = new Map<Team, BackcastInterval[]>();
  const counterSlots = new Map<string, BackcastInterval>();
  for (const [team, byDay] of seen) {
    const isLine = team === 'telefon';
    const overall = aht.get(team)!;
    for (const [date, byMinute] of byDay) {
      if (!isWorkingDay(date)) continue;
      const blocks = rosterOf.get(date) ?? [];
      const rows = backcastDay(
        model,
        byMinute,
        (m) => onDuty(blocks, team, m, m + 30),
        reserved.get(team)?.get(date) ?? new Map(),
        rosterMinutes(blocks, team),
        overall.n > 0 ? overall.sum / overall.n : isLine ? 300 : 900,
        isLine ? patience.calls.patienceSeconds : patience.counters.patienceSeconds,
        isLine ? callSeconds : counterSeconds,
        isLine ? 'ofOffered' : 'ofServed',
      );
      for (const r of rows) {
        if (r.over === 0) continue;
        const start = toBerlinIso(berlinToUtc(date, r.minute * 60));
        const row: BackcastInterval = {
          start,
          channel: isLine ? 'calls' : 'counters',
          arrivals: r.arrivals,
          onDuty: r.agents + r.reserved,
          ahtSeconds: r.ahtSeconds,
          observedOver: r.over,
          observed: r.inTime / r.over,
          predicted: r.predicted,
        };
        if (isLine) {
          callRows.push(row);
          continue;
        }
        const t = team as Team;
        teamRows.set(t, [...(teamRows.get(t) ?? []), row]);
        // The channel's interval weighs each team by the walk-ins its share is counted over.
        const c = counterSlots.get(start);
        if (!c) {
          counterSlots.set(start, row);
          continue;
        }
        const w = c.observedOver + row.observedOver;
        const mix = (old: number, now: number) =>
          (old * c.observedOver + now * row.observedOver) / w;
        counterSlots.set(start, {
          ...c,
          arrivals: c.arrivals + row.arrivals,
          onDuty: c.onDuty + row.onDuty,
          ahtSeconds:
            (c.ahtSeconds * c.arrivals + row.ahtSeconds * row.arrivals) /
            Math.max(1, c.arrivals + row.arrivals),
          observedOver: w,
          observed: mix(c.observed, row.observed),
          predicted: mix(c.predicted, row.predicted),
        });
      }
    }
  }
  const counterRows = [...counterSlots.values()];
  const byStart = (a: BackcastInterval, b: BackcastInterval) =>
    Date.parse(a.start) - Date.parse(b.start) || a.channel.localeCompare(b.channel);
  return {
    from: range.from,
    to: range.to,
    model,
    patienceSeconds: {
      calls: patience.calls.patienceSeconds,
      counters: patience.counters.patienceSeconds,
    },
    targetSeconds: { calls: callSeconds, counters: counterSeconds },
    calls: errorOf(callRows, targets.serviceLevel),
    counters: errorOf(counterRows, targets.waitedUnder15Share),
    teams: [...teamRows]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([team, rows]) => ({ team, ...errorOf(rows, targets.waitedUnder15Share) })),
    intervals: [...callRows, ...counterRows].sort(byStart),
  };
}
