/**
 * The summary KPIs of design.md for a date range (and optional site and team), with the
 * status against each target. Two ways to the same numbers: `raw` reads the deduplicated
 * events (exact percentiles), `rollup` the daily rollups (t-digest percentiles) — the fast
 * path for dashboards and the API. Counts and rates agree exactly; tests hold them to it.
 * Formulas, thresholds and targets come from the KPI registry (`queries/kpis/`).
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import type { DateRange, Scope } from '../shared/range.ts';
import { eventsIn, rollupSite, type EventTable, type Source } from '../shared/sql-parts.ts';
import { judge, kpiSettings, type TargetStatus } from '../targets.ts';
import { KPI_KEYS, KPIS, kpiTarget, kpiValue, type KpiKey } from '../kpis/definitions.ts';
import {
  CALL_KPIS,
  callColumns,
  columnsSql,
  countsOf,
  type Columns,
  EMAIL_COLUMNS,
  EMAIL_KPIS,
  emailBacklogSql,
  valuesOf,
  VISIT_COLUMNS,
  VISIT_KPIS,
  type ValuesOf,
} from '../kpis/measures.ts';

// The backlog's statement belongs to the registry; bench and the backlog query read it here.
export { emailBacklogSql };

export interface SummaryParams extends DateRange, Scope {
  source?: Source;
}

export type VisitKpis = ValuesOf<typeof VISIT_KPIS>;
export type CallKpis = ValuesOf<typeof CALL_KPIS>;
export type EmailKpis = ValuesOf<typeof EMAIL_KPIS>;

export interface TargetCheck {
  kpi: KpiKey;
  value: number | null;
  target: number;
  status: TargetStatus;
}

export interface Summary {
  from: string;
  to: string;
  visits: VisitKpis;
  calls: CallKpis;
  emails: EmailKpis;
  targets: TargetCheck[];
}

function rollupScope(p: SummaryParams, withTeam: boolean): Sql {
  let where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND ${rollupSite(p.site)}`;
  if (withTeam && p.team) where = sql`${where} AND team = ${lit.string(p.team)}`;
  return where;
}

/** The one place raw events or rollups are chosen: the same columns, read either way. */
function countsSql(columns: Columns, table: EventTable, p: SummaryParams, withTeam: boolean): Sql {
  if (p.source === 'raw')
    return sql`SELECT ${columnsSql(columns, 'raw')} FROM ${eventsIn(table, p, p)}`;
  return sql`SELECT ${columnsSql(columns, 'merge')}
    FROM ${ident(`${table}_daily`)} FINAL WHERE ${rollupScope(p, withTeam)}`;
}

export function visitCountsSql(p: SummaryParams): Sql {
  return countsSql(VISIT_COLUMNS, 'visits', p, true);
}

export function callCountsSql(p: SummaryParams, shortAbandonSeconds: number): Sql {
  return countsSql(callColumns(shortAbandonSeconds), 'calls', p, false);
}

export function emailCountsSql(p: SummaryParams): Sql {
  return countsSql(EMAIL_COLUMNS, 'emails', p, false);
}

async function one(wh: Warehouse, statement: Sql): Promise<Record<string, unknown>> {
  const [row] = await wh.query<Record<string, unknown>>(statement);
  if (!row) throw new Error('aggregate query returned no row');
  return row;
}

export async function summary(wh: Warehouse, p: SummaryParams): Promise<Summary> {
  const settings = kpiSettings();
  const calls = callColumns(settings.shortAbandonSeconds);
  const [v, c, e, b] = await Promise.all([
    one(wh, visitCountsSql(p)),
    one(wh, callCountsSql(p, settings.shortAbandonSeconds)),
    one(wh, emailCountsSql(p)),
    one(wh, emailBacklogSql(p)),
  ]);
  const figures = {
    visits: valuesOf(VISIT_KPIS, countsOf(VISIT_COLUMNS, v)),
    calls: valuesOf(CALL_KPIS, countsOf(calls, c)),
    emails: valuesOf(EMAIL_KPIS, {
      ...countsOf(EMAIL_COLUMNS, e),
      backlog: Number(b.backlog ?? 0),
    }),
  };
  const targets = KPI_KEYS.flatMap((kpi): TargetCheck[] => {
    const target = kpiTarget(kpi, settings.targets);
    if (target === null) return [];
    const value = kpiValue(figures, kpi);
    return [
      { kpi, value, target, status: judge(value, target, KPIS[kpi].higherIsBetter !== false) },
    ];
  });
  return { from: p.from, to: p.to, ...figures, targets };
}
