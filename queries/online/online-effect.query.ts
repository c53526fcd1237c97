/**
 * Did an online service take visits off the counter? Judged like a process change
 * (queries/process-change): equal windows before and after the online start, the
 * difference of medians with the same bootstrap confidence interval and the same verdict
 * rule, here on the completed counter visits with the service per opening day (a day with
 * at least one completed visit of any service, so closed days and days without data are no
 * zero). The handling time goes through processChange itself.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { bootstrapMedianDifference, median, sortedSample } from '../../maths/bootstrap.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { eventsIn, rollupSite, VISIT } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';

export interface OnlineServiceStart {
  service: string;
  /** The first day with a completed online transaction of the service. */
  day: LocalDate;
}

/** Per service the first day with a completed online transaction, up to `to`. */
export async function onlineServiceStarts(
  wh: Warehouse,
  p: { to: LocalDate; site?: string },
): Promise<OnlineServiceStart[]> {
  // Not aliased `day`: 18.16 would read the alias in WHERE as the aggregate.
  const rows = await wh.query<{ service: string; first: string }>(
    sql`SELECT service, toString(min(day)) AS first FROM online_daily FINAL
      WHERE ${rollupSite(p.site)} AND day <= ${lit.date(p.to)} AND completed > 0
      GROUP BY service ORDER BY service`,
  );
  return rows.map((r) => ({ service: r.service, day: r.first }));
}

export type CounterVerdict =
  'signifikant weniger' | 'signifikant mehr' | 'kein belastbarer Unterschied' | 'zu wenige Fälle';

export interface CounterVisitsChange {
  service: string;
  date: LocalDate;
  before: { from: LocalDate; to: LocalDate; days: number; medianVisits: number | null };
  after: { from: LocalDate; to: LocalDate; days: number; medianVisits: number | null };
  /** Median after minus median before, visits per opening day. */
  difference: number | null;
  confidenceInterval: { lower: number; upper: number; level: number } | null;
  verdict: CounterVerdict;
}

async function visitsPerDay(
  wh: Warehouse,
  p: { from: LocalDate; to: LocalDate; service: string; site?: string },
): Promise<number[]> {
  const rows = await wh.query<{ visits: number }>(
    sql`SELECT day, countIf(has(services, ${lit.string(p.service)})) AS visits
      FROM ${eventsIn('visits', p, { site: p.site })} WHERE ${VISIT.completed} GROUP BY day`,
  );
  return rows.map((r) => Number(r.visits));
}

export async function counterVisitsChange(
  wh: Warehouse,
  p: { date: LocalDate; service: string; site?: string; windowDays?: number },
): Promise<CounterVisitsChange> {
  const w = p.windowDays ?? 56;
  const before = { from: addDays(p.date, -w), to: addDays(p.date, -1) };
  const after = { from: p.date, to: addDays(p.date, w - 1) };
  const [b, a] = await Promise.all([
    visitsPerDay(wh, { ...before, service: p.service, site: p.site }),
    visitsPerDay(wh, { ...after, service: p.service, site: p.site }),
  ]);
  const side = (range: typeof before, values: number[]) => ({
    ...range,
    days: values.length,
    medianVisits: values.length ? median(sortedSample(values)) : null,
  });
  const result: CounterVisitsChange = {
    service: p.service,
    date: p.date,
    before: side(before, b),
    after: side(after, a),
    difference: null,
    confidenceInterval: null,
    verdict: 'zu wenige Fälle',
  };
  if (b.length < kpiSettings().minGroup || a.length < kpiSettings().minGroup) return result;
  const ci = bootstrapMedianDifference(b, a);
  result.difference = ci.difference;
  result.confidenceInterval = { lower: ci.lower, upper: ci.upper, level: ci.level };
  result.verdict =
    ci.upper < 0
      ? 'signifikant weniger'
      : ci.lower > 0
        ? 'signifikant mehr'
        : 'kein belastbarer Unterschied';
  return result;
}
