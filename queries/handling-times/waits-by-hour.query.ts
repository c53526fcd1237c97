/** Waiting times of completed visits per local hour of arrival on one or more days (briefing). */
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import type { DateRange, Scope } from '../shared/range.ts';
import { eventsIn, VISIT } from '../shared/sql-parts.ts';

export interface HourWaits {
  hour: number;
  visits: number;
  waitP50: number;
  waitP90: number;
  over15: number;
}

export async function waitsByHour(wh: Warehouse, p: DateRange & Scope): Promise<HourWaits[]> {
  const rows = await wh.query<{ hour: number; visits: number; q: number[]; over15: number }>(sql`
    SELECT toHour(arrived_at, 'Europe/Berlin') AS hour, count() AS visits,
      quantilesExact(0.5, 0.9)(toFloat64(${VISIT.waitSeconds})) AS q,
      countIf(ifNull(${VISIT.waitSeconds} > 900, 0)) AS over15
    FROM ${eventsIn('visits', p, p)} WHERE ${VISIT.completed} AND ${VISIT.hasWait}
    GROUP BY hour ORDER BY hour`);
  return rows.map((r) => ({
    hour: Number(r.hour),
    visits: Number(r.visits),
    waitP50: r.q[0]!,
    waitP90: r.q[1]!,
    over15: Number(r.over15),
  }));
}
