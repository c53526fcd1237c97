/**
 * The 115 line's run of half hours below the service-level target today: how many of the
 * latest half hours, back from the current one (or the one before, while the current has no
 * call yet), missed the target in a row. A half hour without calls ends the run: nothing
 * was promised in it.
 */
import { berlinDate } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { callIntervals } from '../call-intervals/call-intervals.query.ts';

export interface ServiceLevelRun {
  /** Half hours in a row below target, ending now. */
  halfHours: number;
  /** Service level of the latest half hour with calls; null without any call today. */
  latest: number | null;
}

const HALF_HOUR_MS = 1_800_000;

export async function serviceLevelRun(
  wh: Warehouse,
  p: { now: Date; target: number; site?: string },
): Promise<ServiceLevelRun> {
  const today = berlinDate(p.now);
  const intervals = await callIntervals(wh, { from: today, to: today, site: p.site });
  const byStart = new Map(intervals.map((i) => [Date.parse(i.start), i]));
  let slot = Math.floor(p.now.getTime() / HALF_HOUR_MS) * HALF_HOUR_MS;
  if (!byStart.get(slot)?.offered) slot -= HALF_HOUR_MS;
  const latest = byStart.get(slot)?.serviceLevel ?? null;
  let halfHours = 0;
  for (;;) {
    const sl = byStart.get(slot)?.serviceLevel;
    if (sl === null || sl === undefined || sl >= p.target) break;
    halfHours += 1;
    slot -= HALF_HOUR_MS;
  }
  return { halfHours, latest };
}
