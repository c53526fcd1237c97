/**
 * Wait p90 of the visits called to a counter in the last hour, as design.md defines the wait.
 * Visits still waiting are not in it: their wait is not known yet.
 */
import { berlinDate } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { eventsIn, VISIT } from '../shared/sql-parts.ts';

export async function recentWaitP90Seconds(
  wh: Warehouse,
  p: { now: Date; site?: string },
): Promise<{ visits: number; waitP90: number | null }> {
  const since = new Date(p.now.getTime() - 3_600_000);
  // The hour may reach back over midnight.
  const range = { from: berlinDate(since), to: berlinDate(p.now) };
  const [row] = await wh.query<{ n: number; p90: number }>(sql`
    SELECT count() AS n, quantileExact(0.9)(${VISIT.waitSeconds}) AS p90
    FROM ${eventsIn('visits', range, { site: p.site })}
    WHERE ${VISIT.hasWait} AND called_at >= ${lit.dateTime(since)} AND called_at <= ${lit.dateTime(p.now)}`);
  const visits = Number(row?.n ?? 0);
  return { visits, waitP90: visits > 0 ? Number(row!.p90) : null };
}
