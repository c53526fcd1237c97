/**
 * What the data-quality page shows: rejects by reason and source, service codes not in the
 * catalog (kept, flagged), events that arrived late, the last delivery per source, and the
 * oldest month kept. Event counts come from the rollups (migrations 0009, 0011), the oldest
 * month from the parts of the event tables (retention drops whole months).
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { oldestEventMonthSql } from './oldest-month.ts';

export interface DataQuality {
  rejectsByReason: { source: string; reason: string; rejects: number; last: string }[];
  /** One page of the rejects, newest first (see `rejectsPage`). */
  recentRejects: {
    rejectedAt: string;
    source: string;
    file: string;
    line: number;
    reason: string;
    error: string;
    raw: string;
  }[];
  rejectsPage: { page: number; pageSize: number; total: number; pages: number };
  unknownServices: { service: string; visits: number; lastDay: string }[];
  lateEvents: { table: string; events: number; late: number; lateShare: number | null }[];
  sources: {
    source: string;
    channel: string;
    lastDelivery: string;
    batches: number;
    accepted: number;
    rejected: number;
  }[];
  oldestMonth: string | null;
}

const LATE_TABLES = ['visits', 'calls', 'emails'];

/** Rejects per page; stored texts are cut to this many characters for display. */
export const REJECTS_PAGE_SIZE = 50;
export const REJECT_TEXT_SHOWN = 500;

export interface DataQualityParams extends DateRange {
  /** Page of the rejects list, from 1. */
  page?: number;
}

export async function dataQuality(wh: Warehouse, p: DataQualityParams): Promise<DataQuality> {
  const page = Math.max(1, p.page ?? 1);
  const shown = lit.int(REJECT_TEXT_SHOWN);
  const from = lit.date(p.from);
  const to = lit.date(p.to);
  const inRange = sql`toDate(rejected_at) BETWEEN ${from} AND ${to}`;
  const [byReason, recent, rejectCount, unknown, late, sources, oldest] = await Promise.all([
    wh.query<
      DataQuality['rejectsByReason'][number]
    >(sql`SELECT source, reason, count() AS rejects, toString(max(rejected_at)) AS last
      FROM rejects FINAL WHERE ${inRange} GROUP BY source, reason ORDER BY rejects DESC`),
    wh.query<
      DataQuality['recentRejects'][number]
    >(sql`SELECT toString(rejected_at) AS rejectedAt, source, file, line, reason,
        substring(error, 1, ${shown}) AS error, substring(raw, 1, ${shown}) AS raw
      FROM rejects FINAL WHERE ${inRange} ORDER BY rejected_at DESC, line
      LIMIT ${lit.int((page - 1) * REJECTS_PAGE_SIZE)}, ${lit.int(REJECTS_PAGE_SIZE)}`),
    wh.query<{ n: number }>(sql`SELECT count() AS n FROM rejects FINAL WHERE ${inRange}`),
    wh.query<{
      service: string;
      n: number;
      lastDay: string;
    }>(sql`SELECT service, sum(visits) AS n, toString(maxIf(day, visits > 0)) AS lastDay
      FROM visit_services_daily FINAL
      WHERE ${rollupSite(undefined)} AND day BETWEEN ${from} AND ${to} AND service NOT IN (SELECT code FROM service_catalog)
      GROUP BY service HAVING n > 0 ORDER BY n DESC, service`),
    wh.query<{ channel: string; events: number; late: number }>(sql`
      SELECT channel, sum(events) AS events, sum(late) AS late FROM event_arrivals_daily FINAL
      WHERE ${rollupSite(undefined)} AND day BETWEEN ${from} AND ${to} GROUP BY channel`),
    wh.query<
      DataQuality['sources'][number]
    >(sql`SELECT source, toString(channel) AS channel, toString(max(received_at)) AS lastDelivery,
      count() AS batches, sum(accepted) AS accepted, sum(rejected) AS rejected FROM ingest_batches FINAL GROUP BY source, channel ORDER BY lastDelivery DESC, source, channel`),
    wh.query<{ m: string; n: number }>(oldestEventMonthSql()),
  ]);
  return {
    rejectsByReason: byReason.map((r) => ({ ...r, rejects: Number(r.rejects) })),
    recentRejects: recent.map((r) => ({ ...r, line: Number(r.line) })),
    rejectsPage: {
      page,
      pageSize: REJECTS_PAGE_SIZE,
      total: Number(rejectCount[0]?.n ?? 0),
      pages: Math.max(1, Math.ceil(Number(rejectCount[0]?.n ?? 0) / REJECTS_PAGE_SIZE)),
    },
    unknownServices: unknown.map((r) => ({
      service: r.service,
      visits: Number(r.n),
      lastDay: r.lastDay,
    })),
    lateEvents: LATE_TABLES.map((table) => {
      const r = late.find((l) => l.channel === table);
      const events = Number(r?.events ?? 0);
      const lateCount = Number(r?.late ?? 0);
      return { table, events, late: lateCount, lateShare: events ? lateCount / events : null };
    }),
    sources: sources.map((r) => ({
      ...r,
      batches: Number(r.batches),
      accepted: Number(r.accepted),
      rejected: Number(r.rejected),
    })),
    oldestMonth: oldest[0] && Number(oldest[0].n) > 0 ? oldest[0].m.slice(0, 7) : null,
  };
}
