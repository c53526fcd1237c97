/**
 * Handling and waiting times per service and team: percentiles, a histogram and a trend.
 * A visit with several services counts for each of them (its whole handling time), as
 * queue systems report it; `cases` says how many visits a figure rests on, and groups
 * under the minimum size are suppressed.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange, Scope } from '../shared/range.ts';
import { eventsIn, VISIT } from '../shared/sql-parts.ts';
import { suppressSmall, type Suppressed } from '../shared/suppression.ts';
import { kpiSettings } from '../targets.ts';

export interface HandlingParams extends DateRange, Scope {
  service?: string;
}

export interface HandlingRow {
  service: string;
  team: string;
  cases: number;
  handleP50: number;
  handleP75: number;
  handleP90: number;
  waitP50: number;
  waitP90: number;
}

function serviceFilter(p: HandlingParams): Sql {
  return p.service ? sql` AND service = ${lit.string(p.service)}` : sql``;
}

export function handlingTimesSql(p: HandlingParams): Sql {
  return sql`SELECT service, toString(team) AS team, count() AS cases,
      quantilesExact(0.5, 0.75, 0.9)(toFloat64(${VISIT.handleSeconds})) AS hq,
      quantilesExactIf(0.5, 0.9)(toFloat64(ifNull(${VISIT.waitSeconds}, 0)), ${VISIT.hasWait}) AS wq
    FROM ${eventsIn('visits', p, p)} ARRAY JOIN services AS service
    WHERE ${VISIT.completed} AND ${VISIT.hasHandle}${serviceFilter(p)}
    GROUP BY service, team ORDER BY service, team`;
}

export async function handlingTimes(
  wh: Warehouse,
  p: HandlingParams,
): Promise<
  Suppressed<HandlingRow, 'handleP50' | 'handleP75' | 'handleP90' | 'waitP50' | 'waitP90'>[]
> {
  const rows = await wh.query<{
    service: string;
    team: string;
    cases: number;
    hq: number[];
    wq: number[];
  }>(handlingTimesSql(p));
  const typed: HandlingRow[] = rows.map((r) => ({
    service: r.service,
    team: r.team,
    cases: Number(r.cases),
    handleP50: r.hq[0]!,
    handleP75: r.hq[1]!,
    handleP90: r.hq[2]!,
    waitP50: r.wq[0]!,
    waitP90: r.wq[1]!,
  }));
  return suppressSmall(
    typed,
    (r) => r.cases,
    ['handleP50', 'handleP75', 'handleP90', 'waitP50', 'waitP90'],
    kpiSettings().minGroup,
  );
}

export interface HistogramBin {
  /** Lower edge in minutes; the last bin is open-ended. */
  fromMinutes: number;
  toMinutes: number | null;
  cases: number;
}

/** Handling time distribution in 5-minute bins up to an hour, then one open bin. */
export async function handlingHistogram(wh: Warehouse, p: HandlingParams): Promise<HistogramBin[]> {
  const rows = await wh.query<{ bin: number; cases: number }>(sql`
    SELECT least(intDiv(toInt64(${VISIT.handleSeconds}), 300), 12) AS bin, count() AS cases
    FROM ${eventsIn('visits', p, p)} ARRAY JOIN services AS service
    WHERE ${VISIT.completed} AND ${VISIT.hasHandle}${serviceFilter(p)}
    GROUP BY bin ORDER BY bin`);
  const counts = new Map(rows.map((r) => [Number(r.bin), Number(r.cases)]));
  return Array.from({ length: 13 }, (_, i) => ({
    fromMinutes: i * 5,
    toMinutes: i < 12 ? (i + 1) * 5 : null,
    cases: counts.get(i) ?? 0,
  }));
}

export interface TrendPoint {
  /** First day of the week (Monday) or month. */
  period: string;
  cases: number;
  handleP50: number | null;
  handleP90: number | null;
  suppressed: boolean;
}

export async function handlingTrend(
  wh: Warehouse,
  p: HandlingParams & { grain: 'week' | 'month' },
): Promise<TrendPoint[]> {
  const bucket = p.grain === 'week' ? sql`toMonday(day)` : sql`toStartOfMonth(day)`;
  const rows = await wh.query<{ period: string; cases: number; hq: number[] }>(sql`
    SELECT toString(${bucket}) AS period, count() AS cases, quantilesExact(0.5, 0.9)(toFloat64(${VISIT.handleSeconds})) AS hq
    FROM ${eventsIn('visits', p, p)} ARRAY JOIN services AS service
    WHERE ${VISIT.completed} AND ${VISIT.hasHandle}${serviceFilter(p)}
    GROUP BY period ORDER BY period`);
  const typed = rows.map((r) => ({
    period: r.period,
    cases: Number(r.cases),
    handleP50: r.hq[0]!,
    handleP90: r.hq[1]!,
  }));
  return suppressSmall(typed, (r) => r.cases, ['handleP50', 'handleP90'], kpiSettings().minGroup);
}

/** Raw handling times of one service in a range (for the process-change evaluation). */
export async function handlingSample(
  wh: Warehouse,
  p: HandlingParams & { service: string },
): Promise<number[]> {
  const rows = await wh.query<{ s: number }>(sql`
    SELECT toFloat64(${VISIT.handleSeconds}) AS s FROM ${eventsIn('visits', p, p)}
    WHERE ${VISIT.completed} AND ${VISIT.hasHandle} AND has(services, ${lit.string(p.service)})`);
  return rows.map((r) => Number(r.s));
}
