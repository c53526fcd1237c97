/**
 * Open email threads at the end of each local day: the backlog before the range plus, day
 * by day, threads received minus threads closed (closing counted on its local day).
 */
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { daysOf, rangeEndInstant, type DateRange } from '../shared/range.ts';
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
  const site = p.site ? sql` AND site = ${lit.string(p.site)}` : sql``;
  const end = lit.dateTime(rangeEndInstant(p.to));
  const [[start], received, closed] = await Promise.all([
    wh.query<{ backlog: number }>(
      emailBacklogSql({ from: p.from, to: addDays(p.from, -1), site: p.site }),
    ),
    wh.query<{ d: string; n: number }>(sql`SELECT toString(day) AS d, count() AS n FROM emails FINAL
      WHERE day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND deleted = 0${site} GROUP BY day`),
    wh.query<{
      d: string;
      n: number;
    }>(sql`SELECT toString(toDate(closed_at, 'Europe/Berlin')) AS d, count() AS n FROM emails FINAL
      WHERE deleted = 0 AND day <= ${lit.date(p.to)} AND isNotNull(closed_at) AND closed_at < ${end}
        AND toDate(closed_at, 'Europe/Berlin') >= ${lit.date(p.from)}${site} GROUP BY d`),
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
