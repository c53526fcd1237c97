/**
 * Handling and waiting times per service and team: percentiles, a histogram and a trend.
 * A visit with several services counts for each of them (its whole handling time), as
 * queue systems report it; `cases` says how many visits a figure rests on, and groups
 * under the minimum size are suppressed. From the service rollups (migrations 0009, 0010):
 * percentiles from t-digests, histogram and the process-change sample exact.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import type { DateRange, Scope } from '../shared/range.ts';
import {
  HANDLE_BIN_COLUMNS,
  HANDLE_BIN_SECONDS,
  HANDLE_BINS,
  SERVICE_LEVELS,
} from '../kpis/measures.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { suppressSmall, type Suppressed } from '../shared/suppression.ts';
import { kpiSettings } from '../targets.ts';

export interface HandlingParams extends DateRange, Scope {
  service?: string;
}

export interface HandlingRow {
  service: string;
  team: string;
  cases: number;
  handleP50: number | null;
  handleP75: number | null;
  handleP90: number | null;
  /** Null where none of the cases has a waiting time. */
  waitP50: number | null;
  waitP90: number | null;
}

/** The rollup rows of the range, site (or all sites), team and service asked for. */
function rollupRows(p: HandlingParams): Sql {
  const team = p.team ? sql` AND team = ${lit.string(p.team)}` : sql``;
  const service = p.service ? sql` AND service = ${lit.string(p.service)}` : sql``;
  return sql`${rollupSite(p.site)} AND day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${team}${service}`;
}

const levels = (l: readonly number[]) => Sql.trusted(l.join(', '));
const handleQuantiles = sql`quantilesTDigestMerge(${levels(SERVICE_LEVELS.handle)})(handle_digest)`;
const waitQuantiles = sql`quantilesTDigestMerge(${levels(SERVICE_LEVELS.wait)})(wait_digest)`;

export function handlingTimesSql(p: HandlingParams): Sql {
  return sql`SELECT service, team, sum(cases) AS n, ${handleQuantiles} AS hq, ${waitQuantiles} AS wq
    FROM visit_services_daily FINAL WHERE ${rollupRows(p)}
    GROUP BY service, team HAVING n > 0 ORDER BY service, team`;
}

/** A quantile of a merged digest; NaN (no values) as null. */
function at(values: (number | null)[], all: readonly number[], level: number): number | null {
  const v = values[all.indexOf(level)];
  return v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
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
    n: number;
    hq: (number | null)[];
    wq: (number | null)[];
  }>(handlingTimesSql(p));
  const { handle, wait } = SERVICE_LEVELS;
  const typed: HandlingRow[] = rows.map((r) => ({
    service: r.service,
    team: r.team,
    cases: Number(r.n),
    handleP50: at(r.hq, handle, 0.5),
    handleP75: at(r.hq, handle, 0.75),
    handleP90: at(r.hq, handle, 0.9),
    waitP50: at(r.wq, wait, 0.5),
    waitP90: at(r.wq, wait, 0.9),
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
  const sums = Sql.trusted(
    HANDLE_BIN_COLUMNS.map((c) => `sum(${ident(c)}) AS ${ident(c)}`).join(', '),
  );
  const [row] = await wh.query<Record<string, number>>(
    sql`SELECT ${sums} FROM visit_services_daily FINAL WHERE ${rollupRows(p)}`,
  );
  const minutes = HANDLE_BIN_SECONDS / 60;
  return HANDLE_BIN_COLUMNS.map((c, i) => ({
    fromMinutes: i * minutes,
    toMinutes: i < HANDLE_BINS - 1 ? (i + 1) * minutes : null,
    cases: Number(row?.[c] ?? 0),
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
  const rows = await wh.query<{ period: string; n: number; hq: (number | null)[] }>(sql`
    SELECT toString(${bucket}) AS period, sum(cases) AS n, ${handleQuantiles} AS hq
    FROM visit_services_daily FINAL WHERE ${rollupRows(p)}
    GROUP BY period HAVING n > 0 ORDER BY period`);
  const { handle } = SERVICE_LEVELS;
  const typed = rows.map((r) => ({
    period: r.period,
    cases: Number(r.n),
    handleP50: at(r.hq, handle, 0.5),
    handleP90: at(r.hq, handle, 0.9),
  }));
  return suppressSmall(typed, (r) => r.cases, ['handleP50', 'handleP90'], kpiSettings().minGroup);
}

/**
 * Handling times of one service in a range (for the process-change evaluation): the single
 * cases, rebuilt from the per-second rollup (migration 0010).
 */
export async function handlingSample(
  wh: Warehouse,
  p: HandlingParams & { service: string },
): Promise<number[]> {
  const rows = await wh.query<{ s: number; n: number }>(sql`
    SELECT handle_seconds AS s, sum(cases) AS n FROM visit_handling_seconds_daily FINAL
    WHERE ${rollupRows(p)} GROUP BY s HAVING n > 0`);
  return rows.flatMap((r) => Array<number>(Number(r.n)).fill(Number(r.s)));
}
