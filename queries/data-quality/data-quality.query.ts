/**
 * What the data-quality page shows: rejects by reason and source, service codes not in the
 * catalog (kept, flagged), events that arrived late, the last delivery per source, and the
 * oldest month kept.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';

export interface DataQuality {
  rejectsByReason: { source: string; reason: string; rejects: number; last: string }[];
  recentRejects: {
    rejectedAt: string;
    source: string;
    file: string;
    line: number;
    reason: string;
    error: string;
    raw: string;
  }[];
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

/** An event is late when it reached the warehouse more than a day after its local day ended. */
const LATE_SECONDS = 2 * 86400;

export async function dataQuality(wh: Warehouse, p: DateRange): Promise<DataQuality> {
  const from = lit.date(p.from);
  const to = lit.date(p.to);
  const inRange = sql`toDate(rejected_at) BETWEEN ${from} AND ${to}`;
  const [byReason, recent, unknown, late, sources, oldest] = await Promise.all([
    wh.query<
      DataQuality['rejectsByReason'][number]
    >(sql`SELECT source, reason, count() AS rejects, toString(max(rejected_at)) AS last
      FROM rejects FINAL WHERE ${inRange} GROUP BY source, reason ORDER BY rejects DESC`),
    wh.query<
      DataQuality['recentRejects'][number]
    >(sql`SELECT toString(rejected_at) AS rejectedAt, source, file, line, reason, error, substring(raw, 1, 500) AS raw
      FROM rejects FINAL WHERE ${inRange} ORDER BY rejected_at DESC, line LIMIT 100`),
    wh.query<
      DataQuality['unknownServices'][number]
    >(sql`SELECT service, count() AS visits, toString(max(day)) AS lastDay
      FROM visits FINAL ARRAY JOIN services AS service
      WHERE day BETWEEN ${from} AND ${to} AND deleted = 0 AND service NOT IN (SELECT code FROM service_catalog)
      GROUP BY service ORDER BY visits DESC`),
    wh.query<{ table: string; events: number; late: number }>(sql`
      SELECT 'visits' AS table, count() AS events, countIf(toInt64(ingested_at) - toInt64(toDateTime(day, 'UTC')) > ${lit.int(LATE_SECONDS)}) AS late FROM visits FINAL WHERE day BETWEEN ${from} AND ${to}
      UNION ALL SELECT 'calls' AS table, count() AS events, countIf(toInt64(ingested_at) - toInt64(toDateTime(day, 'UTC')) > ${lit.int(LATE_SECONDS)}) AS late FROM calls FINAL WHERE day BETWEEN ${from} AND ${to}
      UNION ALL SELECT 'emails' AS table, count() AS events, countIf(toInt64(ingested_at) - toInt64(toDateTime(day, 'UTC')) > ${lit.int(LATE_SECONDS)}) AS late FROM emails FINAL WHERE day BETWEEN ${from} AND ${to}`),
    wh.query<
      DataQuality['sources'][number]
    >(sql`SELECT source, toString(channel) AS channel, toString(max(received_at)) AS lastDelivery,
      count() AS batches, sum(accepted) AS accepted, sum(rejected) AS rejected FROM ingest_batches FINAL GROUP BY source, channel ORDER BY lastDelivery DESC`),
    wh.query<{ m: string; n: number }>(
      sql`SELECT toString(toStartOfMonth(min(day))) AS m, count() AS n FROM visits`,
    ),
  ]);
  return {
    rejectsByReason: byReason.map((r) => ({ ...r, rejects: Number(r.rejects) })),
    recentRejects: recent.map((r) => ({ ...r, line: Number(r.line) })),
    unknownServices: unknown.map((r) => ({ ...r, visits: Number(r.visits) })),
    lateEvents: late.map((r) => ({
      table: r.table,
      events: Number(r.events),
      late: Number(r.late),
      lateShare: Number(r.events) ? Number(r.late) / Number(r.events) : null,
    })),
    sources: sources.map((r) => ({
      ...r,
      batches: Number(r.batches),
      accepted: Number(r.accepted),
      rejected: Number(r.rejected),
    })),
    oldestMonth: oldest[0] && Number(oldest[0].n) > 0 ? oldest[0].m.slice(0, 7) : null,
  };
}
