/**
 * 115 calls per 30-minute interval: offered, answered, answered within 30 s, service level.
 * Shows the intervals that were understaffed. Berlin's offset is a whole hour, so UTC
 * half-hours are local half-hours.
 */
import { toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { callMeasures, eventsIn } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';

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
  const c = callMeasures(settings.shortAbandonSeconds);
  const rows = await wh.query<{
    t: number;
    offered: number;
    answered: number;
    in_target: number;
  }>(sql`
    SELECT intDiv(toUInt32(offered_at), 1800) * 1800 AS t,
      countIf(NOT ifNull(${c.shortAbandon}, 0)) AS offered,
      countIf(${c.answered}) AS answered,
      countIf(${c.answered} AND ifNull(${c.answerSeconds} <= 30, 0)) AS in_target
    FROM ${eventsIn('calls', p, p)} GROUP BY t ORDER BY t`);
  return rows.map((r) => {
    const offered = Number(r.offered);
    const sl = offered > 0 ? Number(r.in_target) / offered : null;
    return {
      start: toBerlinIso(new Date(Number(r.t) * 1000)),
      offered,
      answered: Number(r.answered),
      answeredInTarget: Number(r.in_target),
      serviceLevel: sl,
      belowTarget: sl !== null && sl < settings.targets.serviceLevel,
    };
  });
}
