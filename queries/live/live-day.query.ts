/**
 * Today so far, for the live view: visits completed and waiting at `now`, the wait of the
 * visits called in the hour before `now`, 115 calls per half hour, emails received and open,
 * and when the newest event was received. Five small statements over today's partition (the
 * backlog from the rollups), so a refresh stays cheap. "Today" is `now`'s Berlin day; the
 * caller passes `now`, so tests fix it and the dashboard uses its clock.
 */
import { berlinDate, berlinOffsetMinutes, toBerlinIso } from '../../calendar/berlin-time.ts';
import type { LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { callIntervals, type CallInterval } from '../call-intervals/call-intervals.query.ts';
import {
  columnsSql,
  countsOf,
  EMAIL_COLUMNS,
  EMAIL_KPIS,
  emailBacklogSql,
  VISIT_COLUMNS,
  VISIT_KPIS,
} from '../kpis/measures.ts';
import { eventsIn, VISIT, type EventTable } from '../shared/sql-parts.ts';

export interface LiveDayParams {
  now: Date;
  site?: string;
}

export interface LiveDay {
  date: LocalDate;
  /** `now` as Berlin time with offset. */
  now: string;
  /** Minutes of the Berlin day passed at `now`. */
  minuteOfDay: number;
  visits: {
    /** Completed visits that ended by `now`. */
    completed: number;
    /** Arrived (or due for their slot), not called, not ended, not gone. */
    waiting: number;
    /** Wait of the completed visits called in the hour up to `now`. */
    lastHour: { visits: number; waitP50: number | null; waitP90: number | null };
  };
  calls: { offered: number; answeredInTarget: number; serviceLevel: number | null };
  intervals: CallInterval[];
  emails: { received: number; backlog: number };
  /** When the ingest service received today's newest event (Berlin time), null before the first. */
  lastEventAt: string | null;
}

const WAIT_COLUMNS = { with_wait: VISIT_COLUMNS.with_wait, wait_digest: VISIT_COLUMNS.wait_digest };

export function minuteOfBerlinDay(now: Date): number {
  const local = now.getTime() + berlinOffsetMinutes(now.getTime()) * 60_000;
  return Math.floor((local % 86_400_000) / 60_000);
}

export async function liveDay(wh: Warehouse, p: LiveDayParams): Promise<LiveDay> {
  const date = berlinDate(p.now);
  const today = { from: date, to: date };
  const now = lit.dateTime(p.now);
  const hourAgo = lit.dateTime(new Date(p.now.getTime() - 3_600_000));
  const waitStart = sql`if(isNull(slot_start), arrived_at, greatest(arrived_at, assumeNotNull(slot_start)))`;
  const site = p.site ? sql` AND site = ${lit.string(p.site)}` : sql``;
  const newest = (table: EventTable) =>
    sql`SELECT max(ingested_at) AS t FROM ${ident(table)} WHERE day = ${lit.date(date)}${site}`;
  const [visits, waits, intervals, emails, backlog, last] = await Promise.all([
    wh.query<{ completed: number; waiting: number }>(sql`
      SELECT countIf(${VISIT.completed} AND isNotNull(ended_at) AND ended_at <= ${now}) AS completed,
        countIf(isNotNull(arrived_at) AND isNull(called_at) AND isNull(ended_at)
          AND outcome NOT IN ('no_show', 'cancelled', 'left') AND ${waitStart} <= ${now}) AS waiting
      FROM ${eventsIn('visits', today, p)}`),
    wh.query<Record<string, unknown>>(sql`
      SELECT ${columnsSql(WAIT_COLUMNS, 'raw')} FROM ${eventsIn('visits', today, p)}
      WHERE isNotNull(called_at) AND called_at > ${hourAgo} AND called_at <= ${now}`),
    callIntervals(wh, { ...today, site: p.site }),
    wh.query<Record<string, unknown>>(sql`
      SELECT ${columnsSql({ received: EMAIL_COLUMNS.received }, 'raw')} FROM ${eventsIn('emails', today, p)}`),
    wh.query<{ backlog: number }>(emailBacklogSql({ ...today, site: p.site })),
    wh.query<{ t: number }>(sql`
      SELECT toUInt32(max(t)) AS t FROM (${newest('visits')} UNION ALL ${newest('calls')} UNION ALL ${newest('emails')})`),
  ]);
  const w = countsOf(VISIT_COLUMNS, waits[0] ?? {});
  const offered = intervals.reduce((s, i) => s + i.offered, 0);
  const answeredInTarget = intervals.reduce((s, i) => s + i.answeredInTarget, 0);
  const lastT = Number(last[0]?.t ?? 0);
  return {
    date,
    now: toBerlinIso(p.now),
    minuteOfDay: minuteOfBerlinDay(p.now),
    visits: {
      completed: Number(visits[0]?.completed ?? 0),
      waiting: Number(visits[0]?.waiting ?? 0),
      lastHour: {
        visits: w.with_wait,
        waitP50: VISIT_KPIS.waitP50(w),
        waitP90: VISIT_KPIS.waitP90(w),
      },
    },
    calls: {
      offered,
      answeredInTarget,
      serviceLevel: offered > 0 ? answeredInTarget / offered : null,
    },
    intervals,
    emails: {
      received: EMAIL_KPIS.received(countsOf(EMAIL_COLUMNS, emails[0] ?? {})),
      backlog: Math.max(0, Number(backlog[0]?.backlog ?? 0)),
    },
    lastEventAt: lastT > 0 ? toBerlinIso(new Date(lastT * 1000)) : null,
  };
}
