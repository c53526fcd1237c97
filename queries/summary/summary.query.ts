/**
 * The summary KPIs of design.md for a date range (and optional site and team), with the
 * status against each target. Two ways to the same numbers: `raw` reads the deduplicated
 * events (exact percentiles), `rollup` the daily rollups (t-digest percentiles) — the fast
 * path for dashboards and the API. Counts and rates agree exactly; tests hold them to it.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, Sql, sql } from '../../warehouse/literal.ts';
import { rangeEndInstant, type DateRange, type Scope } from '../shared/range.ts';
import {
  callMeasures,
  EMAIL,
  eventsIn,
  rollupSite,
  VISIT,
  VISIT_COUNTS,
} from '../shared/sql-parts.ts';
import { judge, kpiSettings, type TargetStatus } from '../targets.ts';

export interface SummaryParams extends DateRange, Scope {
  source?: 'raw' | 'rollup';
}

export interface VisitKpis {
  contacts: number;
  services: number;
  waitP50: number | null;
  waitP90: number | null;
  handleP50: number | null;
  handleP90: number | null;
  waitedUnder15Share: number | null;
  noShowRate: number | null;
}

export interface CallKpis {
  offered: number;
  answered: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
  firstContactResolution: number | null;
}

export interface EmailKpis {
  received: number;
  answeredWithin24h: number | null;
  medianFirstResponseHours: number | null;
  backlog: number;
}

export interface TargetCheck {
  kpi: string;
  value: number | null;
  target: number;
  status: TargetStatus;
}

export interface Summary {
  from: string;
  to: string;
  visits: VisitKpis;
  calls: CallKpis;
  emails: EmailKpis;
  targets: TargetCheck[];
}

function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

function finite(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x);
}

interface VisitCounts {
  visits: number;
  completed: number;
  services: number;
  with_appointment: number;
  no_shows: number;
  with_wait: number;
  waited_under_15: number;
  with_handle: number;
  wait_q: number[];
  handle_q: number[];
}

function rollupScope(p: SummaryParams, withTeam: boolean): Sql {
  let where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND ${rollupSite(p.site)}`;
  if (withTeam && p.team) where = sql`${where} AND team = ${lit.string(p.team)}`;
  return where;
}

export function visitCountsSql(p: SummaryParams): Sql {
  if (p.source === 'raw') {
    return sql`SELECT
      ${VISIT_COUNTS},
      quantilesExactIf(0.5, 0.9)(toFloat64(ifNull(${VISIT.waitSeconds}, 0)), ${VISIT.completed} AND ${VISIT.hasWait}) AS wait_q,
      quantilesExactIf(0.5, 0.9)(toFloat64(ifNull(${VISIT.handleSeconds}, 0)), ${VISIT.completed} AND ${VISIT.hasHandle}) AS handle_q
      FROM ${eventsIn('visits', p, p)}`;
  }
  return sql`SELECT visits, completed, services, with_appointment, no_shows, with_wait, waited_under_15, with_handle,
    [wq[1], wq[3]] AS wait_q, [hq[1], hq[3]] AS handle_q
    FROM (SELECT sum(visits) AS visits, sum(completed) AS completed, sum(services) AS services,
      sum(with_appointment) AS with_appointment, sum(no_shows) AS no_shows, sum(with_wait) AS with_wait,
      sum(waited_under_15) AS waited_under_15, sum(with_handle) AS with_handle,
      quantilesTDigestMerge(0.5, 0.75, 0.9)(wait_digest) AS wq,
      quantilesTDigestMerge(0.5, 0.75, 0.9)(handle_digest) AS hq
      FROM visits_daily FINAL WHERE ${rollupScope(p, true)})`;
}

interface CallCounts {
  calls: number;
  short_abandons: number;
  answered: number;
  answered_in_target: number;
  abandoned: number;
  answer_seconds_sum: number;
  handle_seconds_sum: number;
  resolved_first_contact: number;
}

export function callCountsSql(p: SummaryParams, shortAbandonSeconds: number): Sql {
  if (p.source === 'raw') {
    const c = callMeasures(shortAbandonSeconds);
    return sql`SELECT count() AS calls, countIf(ifNull(${c.shortAbandon}, 0)) AS short_abandons, countIf(${c.answered}) AS answered,
      countIf(${c.answered} AND ifNull(${c.answerSeconds} <= 30, 0)) AS answered_in_target, countIf(${c.abandoned}) AS abandoned,
      sumIf(toFloat64(ifNull(${c.answerSeconds}, 0)), ${c.answered}) AS answer_seconds_sum,
      sumIf(toFloat64(${c.handleSeconds}), ${c.answered}) AS handle_seconds_sum,
      countIf(${c.answered} AND ifNull(resolved_first_contact = 1, 0)) AS resolved_first_contact
      FROM ${eventsIn('calls', p, p)}`;
  }
  return sql`SELECT sum(calls) AS calls, sum(short_abandons) AS short_abandons, sum(answered) AS answered,
    sum(answered_in_target) AS answered_in_target, sum(abandoned) AS abandoned,
    sum(answer_seconds_sum) AS answer_seconds_sum, sum(handle_seconds_sum) AS handle_seconds_sum,
    sum(resolved_first_contact) AS resolved_first_contact
    FROM calls_daily FINAL WHERE ${rollupScope(p, false)}`;
}

interface EmailCounts {
  received: number;
  answered_within_24h: number;
  with_response: number;
  median_seconds: number | null;
}

export function emailCountsSql(p: SummaryParams): Sql {
  if (p.source === 'raw') {
    return sql`SELECT count() AS received,
      countIf(${EMAIL.hasResponse} AND ifNull(${EMAIL.firstResponseSeconds} <= 86400, 0)) AS answered_within_24h,
      countIf(${EMAIL.hasResponse}) AS with_response,
      quantileExactIf(0.5)(toFloat64(ifNull(${EMAIL.firstResponseSeconds}, 0)), ${EMAIL.hasResponse}) AS median_seconds
      FROM ${eventsIn('emails', p, p)}`;
  }
  return sql`SELECT sum(received) AS received, sum(answered_within_24h) AS answered_within_24h,
    sum(with_response) AS with_response,
    quantilesTDigestMerge(0.5)(first_response_digest)[1] AS median_seconds
    FROM emails_daily FINAL WHERE ${rollupScope(p, false)}`;
}

/**
 * Threads received before the end of `to` and not closed by then. From the rollups: all
 * received up to `to` minus those of them closed on a local day up to `to` (closed before
 * the end of the range); from raw rows otherwise.
 */
export function emailBacklogSql(p: SummaryParams): Sql {
  if (p.source !== 'raw') {
    const to = lit.date(p.to);
    return sql`SELECT toInt64((SELECT sum(received) FROM emails_daily FINAL WHERE day <= ${to} AND ${rollupSite(p.site)}))
      - toInt64((SELECT sum(closed) FROM emails_closed_daily FINAL WHERE day <= ${to} AND closed_day <= ${to} AND ${rollupSite(p.site)})) AS backlog`;
  }
  const end = lit.dateTime(rangeEndInstant(p.to));
  const site = p.site ? sql` AND site = ${lit.string(p.site)}` : sql``;
  return sql`SELECT count() AS backlog FROM emails FINAL
    WHERE day <= ${lit.date(p.to)} AND deleted = 0 AND received_at < ${end} AND (isNull(closed_at) OR closed_at >= ${end})${site}`;
}

async function one<T>(wh: Warehouse, statement: Sql): Promise<T> {
  const [row] = await wh.query<T>(statement);
  if (!row) throw new Error('aggregate query returned no row');
  return row;
}

export async function summary(wh: Warehouse, p: SummaryParams): Promise<Summary> {
  const settings = kpiSettings();
  const [v, c, e, b] = await Promise.all([
    one<VisitCounts>(wh, visitCountsSql(p)),
    one<CallCounts>(wh, callCountsSql(p, settings.shortAbandonSeconds)),
    one<EmailCounts>(wh, emailCountsSql(p)),
    one<{ backlog: number }>(wh, emailBacklogSql(p)),
  ]);
  const n = (x: number) => Number(x ?? 0);
  const visits: VisitKpis = {
    contacts: n(v.completed),
    services: n(v.services),
    waitP50: n(v.with_wait) ? finite(v.wait_q[0]) : null,
    waitP90: n(v.with_wait) ? finite(v.wait_q[1]) : null,
    handleP50: n(v.with_handle) ? finite(v.handle_q[0]) : null,
    handleP90: n(v.with_handle) ? finite(v.handle_q[1]) : null,
    waitedUnder15Share: ratio(n(v.waited_under_15), n(v.with_wait)),
    noShowRate: ratio(n(v.no_shows), n(v.with_appointment)),
  };
  const offered = n(c.calls) - n(c.short_abandons);
  const calls: CallKpis = {
    offered,
    answered: n(c.answered),
    serviceLevel: ratio(n(c.answered_in_target), offered),
    abandonRate: ratio(n(c.abandoned) - n(c.short_abandons), offered),
    asaSeconds: ratio(n(c.answer_seconds_sum), n(c.answered)),
    ahtSeconds: ratio(n(c.handle_seconds_sum), n(c.answered)),
    firstContactResolution: ratio(n(c.resolved_first_contact), n(c.answered)),
  };
  const emails: EmailKpis = {
    received: n(e.received),
    answeredWithin24h: ratio(n(e.answered_within_24h), n(e.received)),
    medianFirstResponseHours: n(e.with_response) ? (finite(e.median_seconds) ?? 0) / 3600 : null,
    backlog: n(b.backlog),
  };
  const t = settings.targets;
  const targets: TargetCheck[] = [
    {
      kpi: 'visits.waitedUnder15Share',
      value: visits.waitedUnder15Share,
      target: t.waitedUnder15Share,
      status: judge(visits.waitedUnder15Share, t.waitedUnder15Share),
    },
    {
      kpi: 'visits.noShowRate',
      value: visits.noShowRate,
      target: t.noShowRate,
      status: judge(visits.noShowRate, t.noShowRate, false),
    },
    {
      kpi: 'calls.serviceLevel',
      value: calls.serviceLevel,
      target: t.serviceLevel,
      status: judge(calls.serviceLevel, t.serviceLevel),
    },
    {
      kpi: 'calls.firstContactResolution',
      value: calls.firstContactResolution,
      target: t.firstContactResolution,
      status: judge(calls.firstContactResolution, t.firstContactResolution),
    },
    {
      kpi: 'emails.answeredWithin24h',
      value: emails.answeredWithin24h,
      target: t.answeredWithin24h,
      status: judge(emails.answeredWithin24h, t.answeredWithin24h),
    },
  ];
  return { from: p.from, to: p.to, visits, calls, emails, targets };
}
