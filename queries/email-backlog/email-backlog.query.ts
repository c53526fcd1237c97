/**
 * Open email threads at the end of each local day: the backlog before the range plus, day
 * by day, threads received minus threads closed (closing counted on its local day). From the
 * rollups emails_daily and emails_closed_daily (migrations 0005, 0006).
 */
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { daysOf, type DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { emailBacklogSql } from '../summary/summary.query.ts';

export interface BacklogPoint {
  date: string;
  received: number;
  closed: number;
  backlog: number;
}

export async function emailBacklog(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<BacklogPoint[]> {
  const site = rollupSite(p.site);
  const days = sql`BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}`;
  const [[start], received, closed] = await Promise.all([
    wh.query<{ backlog: number }>(
      emailBacklogSql({ from: p.from, to: addDays(p.from, -1), site: p.site }),
    ),
    wh.query<{ d: string; n: number }>(sql`SELECT toString(day) AS d, sum(received) AS n
      FROM emails_daily FINAL WHERE day ${days} AND ${site} GROUP BY day`),
    // A thread received after `to` cannot close by then: receipt days up to `to` suffice.
    wh.query<{ d: string; n: number }>(sql`SELECT toString(closed_day) AS d, sum(closed) AS n
      FROM emails_closed_daily FINAL WHERE day <= ${lit.date(p.to)} AND closed_day ${days} AND ${site}
      GROUP BY closed_day`),
  ]);
  const rec = new Map(received.map((r) => [r.d, Number(r.n)]));
  const clo = new Map(closed.map((r) => [r.d, Number(r.n)]));
  let backlog = Number(start?.backlog ?? 0);
  const out: BacklogPoint[] = [];
  for (const date of daysOf(p)) {
    const r = rec.get(date) ?? 0;
    const c = clo.get(date) ?? 0;
    backlog += r - c;
    out.push({ date, received: r, closed: c, backlog });
  }
  return out;
}
