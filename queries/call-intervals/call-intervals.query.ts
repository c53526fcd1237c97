/**
 * 115 calls per 30-minute interval: offered, answered, answered within the 115 promise
 * (registry threshold), service level. Shows the intervals that were understaffed. Berlin's
 * offset is a whole hour, so UTC half-hours are local half-hours.
 */
import { toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { eventsIn } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import { CALL_KPIS, callColumns, columnsSql, countsOf } from '../kpis/measures.ts';

export interface CallInterval {
  /** Interval start, local time with offset. */
  start: string;
  offered: number;
  answered: number;
  answeredInTarget: number;
  serviceLevel: number | null;
  belowTarget: boolean;
}

export async function callIntervals(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<CallInterval[]> {
  const settings = kpiSettings();
  const columns = callColumns(settings.shortAbandonSeconds);
  const rows = await wh.query<Record<string, unknown>>(sql`
    SELECT intDiv(toUInt32(offered_at), 1800) * 1800 AS t, ${columnsSql(columns, 'raw')}
    FROM ${eventsIn('calls', p, p)} GROUP BY t ORDER BY t`);
  return rows.map((r) => {
    const c = countsOf(columns, r);
    const sl = CALL_KPIS.serviceLevel(c);
    return {
      start: toBerlinIso(new Date(Number(r.t) * 1000)),
      offered: CALL_KPIS.offered(c),
      answered: CALL_KPIS.answered(c),
      answeredInTarget: c.answered_in_target,
      serviceLevel: sl,
      belowTarget: sl !== null && sl < settings.targets.serviceLevel,
    };
  });
}
