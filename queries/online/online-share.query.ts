/**
 * Online share (issue 18): per service and month, online completed / (online completed +
 * completed counter visits with that service). The online side from the online rollup
 * (0014), the counter side from the deduplicated visits: the per-service visit rollup (0009)
 * counts all visits and those with a handling time, not the completed ones. A visit with
 * several services counts for each. Aborted transactions are counted apart, never in the share.
 * Months are Europe/Berlin calendar months of the range's days; only services with online
 * transactions in the range (or the asked one) get rows. Each channel's online start is the
 * first month it has a completed transaction, looked for in all data up to `to`.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { eventsIn, rollupSite } from '../shared/sql-parts.ts';

export interface OnlineShareParams extends DateRange {
  site?: string;
  service?: string;
}

export interface OnlineShareRow {
  /** First day of the month. */
  month: string;
  service: string;
  online: number;
  aborted: number;
  counter: number;
  /** online / (online + counter); null when both are 0. */
  share: number | null;
}

export interface OnlineStart {
  channel: string;
  /** First day of the first month with a completed transaction of the channel. */
  month: string;
}

export interface OnlineShare {
  rows: OnlineShareRow[];
  starts: OnlineStart[];
}

function serviceIs(service: string | undefined): Sql {
  return service ? sql` AND service = ${lit.string(service)}` : sql``;
}

export function onlineShareSql(p: OnlineShareParams): Sql {
  const days = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}`;
  return sql`SELECT toString(month) AS month, service, sum(o) AS online, sum(a) AS aborted,
      sum(c) AS counter
    FROM (
      SELECT toStartOfMonth(day) AS month, service, sum(completed) AS o, sum(aborted) AS a,
        toUInt64(0) AS c
      FROM online_daily FINAL WHERE ${rollupSite(p.site)} AND ${days}${serviceIs(p.service)}
      GROUP BY month, service
      UNION ALL
      SELECT toStartOfMonth(day) AS month, service, toUInt64(0) AS o, toUInt64(0) AS a,
        toUInt64(count()) AS c
      FROM ${eventsIn('visits', p, { site: p.site })} ARRAY JOIN services AS service
      WHERE outcome = 'completed'${serviceIs(p.service)} AND service IN (
        SELECT service FROM online_daily FINAL
        WHERE ${rollupSite(p.site)} AND ${days} AND completed + aborted > 0)
      GROUP BY month, service)
    GROUP BY month, service
    HAVING online + aborted > 0 OR counter > 0
    ORDER BY service, month`;
}

export function onlineStartsSql(p: OnlineShareParams): Sql {
  return sql`SELECT channel, toString(toStartOfMonth(min(day))) AS month
    FROM online_daily FINAL
    WHERE ${rollupSite(p.site)} AND day <= ${lit.date(p.to)} AND completed > 0${serviceIs(p.service)}
    GROUP BY channel ORDER BY month, channel`;
}

export async function onlineShare(wh: Warehouse, p: OnlineShareParams): Promise<OnlineShare> {
  const [rows, starts] = await Promise.all([
    wh.query<{ month: string; service: string; online: number; aborted: number; counter: number }>(
      onlineShareSql(p),
    ),
    wh.query<OnlineStart>(onlineStartsSql(p)),
  ]);
  return {
    rows: rows.map((r) => {
      const online = Number(r.online);
      const counter = Number(r.counter);
      return {
        month: r.month,
        service: r.service,
        online,
        aborted: Number(r.aborted),
        counter,
        share: online + counter === 0 ? null : online / (online + counter),
      };
    }),
    starts,
  };
}
