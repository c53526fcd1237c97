/**
 * The headline KPIs per local day, from the daily rollups: the sparklines of the overview
 * tiles. The registry's measures, as in the summary, grouped by day instead of summed.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { daysOf, type DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import {
  CALL_KPIS,
  callColumns,
  columnsSql,
  countsOf,
  EMAIL_COLUMNS,
  EMAIL_KPIS,
  valuesOf,
  VISIT_COLUMNS,
  VISIT_KPIS,
  zeroCounts,
  type Columns,
  type CountsOf,
  type ValuesOf,
} from '../kpis/measures.ts';

function pick<M extends object, F extends keyof M>(measures: M, fields: readonly F[]): Pick<M, F> {
  return Object.fromEntries(fields.map((f) => [f, measures[f]])) as Pick<M, F>;
}

const VISITS = pick(VISIT_KPIS, [
  'contacts',
  'waitP50',
  'handleP50',
  'waitedUnder15Share',
  'noShowRate',
]);
const CALLS = pick(CALL_KPIS, ['offered', 'serviceLevel', 'abandonRate', 'firstContactResolution']);
const EMAILS = pick(EMAIL_KPIS, ['received', 'answeredWithin24h']);

export type DailyKpis = { date: string } & ValuesOf<typeof VISITS> &
  ValuesOf<typeof CALLS> &
  ValuesOf<typeof EMAILS>;

type Row = Record<string, unknown>;

/** The values of `measures` per day; a day without rollup rows gets those of zero counts. */
function valuesByDay<
  C extends Columns,
  M extends Record<string, (x: CountsOf<C>) => number | null>,
>(rows: Row[], columns: C, measures: M): (day: string) => ValuesOf<M> {
  const byDay = new Map(rows.map((r) => [String(r.d), valuesOf(measures, countsOf(columns, r))]));
  const none = valuesOf(measures, zeroCounts(columns));
  return (day) => byDay.get(day) ?? none;
}

export async function dailyKpis(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<DailyKpis[]> {
  const where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND ${rollupSite(p.site)}`;
  const calls = callColumns(kpiSettings().shortAbandonSeconds);
  const perDay = (table: Sql, columns: Columns) =>
    wh.query<Row>(sql`
      SELECT toString(day) AS d, ${columnsSql(columns, 'merge')}
      FROM ${table} FINAL WHERE ${where} GROUP BY day`);
  const [v, c, e] = await Promise.all([
    perDay(sql`visits_daily`, VISIT_COLUMNS),
    perDay(sql`calls_daily`, calls),
    perDay(sql`emails_daily`, EMAIL_COLUMNS),
  ]);
  const visits = valuesByDay(v, VISIT_COLUMNS, VISITS);
  const callValues = valuesByDay(c, calls, CALLS);
  const emails = valuesByDay(e, EMAIL_COLUMNS, EMAILS);
  return [...daysOf(p)].map((date) => ({
    date,
    ...visits(date),
    ...callValues(date),
    ...emails(date),
  }));
}
