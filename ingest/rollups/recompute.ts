/**
 * Recomputes the daily rollups of the given days from the deduplicated raw rows (see
 * migration 0005). Exact under re-sent and updated events: each recompute replaces the
 * whole group with a newer version, and groups that no longer exist get zero rows.
 */
import type { LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, Sql, sql } from '../../warehouse/literal.ts';
import { kpiSettings } from '../../queries/targets.ts';
import { ALL_SITES } from '../../queries/shared/sql-parts.ts';
import {
  callColumns,
  columnsSql,
  EMAIL_COLUMNS,
  VISIT_COLUMNS,
  type Columns,
} from '../../queries/kpis/measures.ts';

interface RollupSpec {
  table: 'visits_daily' | 'calls_daily' | 'emails_daily';
  source: 'visits' | 'calls' | 'emails';
  /** The group's column in the raw table (as an expression) and in the rollup. */
  groupColumn: Sql;
  groupName: Sql;
  /** The KPI registry's columns of this rollup, in table order after the key (site, day, group). */
  columns: (shortAbandonSeconds: number) => Columns;
}

const SPECS: Record<RollupSpec['source'], RollupSpec> = {
  visits: {
    table: 'visits_daily',
    source: 'visits',
    groupColumn: Sql.trusted('toString(team)'),
    groupName: Sql.trusted('team'),
    columns: () => VISIT_COLUMNS,
  },
  calls: {
    table: 'calls_daily',
    source: 'calls',
    groupColumn: Sql.trusted('queue'),
    groupName: Sql.trusted('queue'),
    columns: callColumns,
  },
  emails: {
    table: 'emails_daily',
    source: 'emails',
    groupColumn: Sql.trusted('mailbox'),
    groupName: Sql.trusted('mailbox'),
    columns: () => EMAIL_COLUMNS,
  },
};

export const ROLLUP_SOURCES = Object.keys(SPECS) as RollupSpec['source'][];

/** Recomputes `days` of one source table's rollup. */
export async function recomputeRollup(
  wh: Warehouse,
  source: RollupSpec['source'],
  days: readonly LocalDate[],
): Promise<void> {
  if (days.length === 0) return;
  const spec = SPECS[source];
  const columns = spec.columns(kpiSettings().shortAbandonSeconds);
  const dayList = lit.inList(days, lit.date);
  const table = Sql.trusted(spec.table);
  const raw = Sql.trusted(spec.source);
  // Taken before reading: anything committed earlier is seen, and a later recompute wins.
  const version = lit.uint(Date.now());
  // Per site, then once more for all sites together (site ''), each with zero rows for
  // groups that vanished since the last recompute.
  for (const perSite of [true, false]) {
    const siteExpr = perSite ? Sql.trusted('site') : sql`${lit.string(ALL_SITES)}`;
    const siteFilter = perSite
      ? sql`site != ${lit.string(ALL_SITES)}`
      : sql`site = ${lit.string(ALL_SITES)}`;
    const freshKeys = sql`SELECT ${siteExpr} AS s, day, ${spec.groupColumn} AS grp FROM ${raw} FINAL WHERE day IN ${dayList} AND deleted = 0 GROUP BY s, day, grp`;
    await wh.command(sql`
      INSERT INTO ${table}
      SELECT site, day, grp, ${columnsSql(columns, 'zero')}, ${version}
      FROM (SELECT site, day, ${spec.groupName} AS grp FROM ${table} FINAL WHERE day IN ${dayList} AND ${siteFilter})
      WHERE (site, day, grp) NOT IN (${freshKeys})
      GROUP BY site, day, grp`);
    await wh.command(sql`
      INSERT INTO ${table}
      SELECT ${siteExpr} AS s, day, ${spec.groupColumn} AS grp, ${columnsSql(columns, 'state')}, ${version}
      FROM ${raw} FINAL
      WHERE day IN ${dayList} AND deleted = 0
      GROUP BY s, day, grp`);
  }
  if (source === 'emails') await recomputeEmailClosings(wh, dayList, version);
}

/** Closings per receipt day and closing day (see migration 0006), per site and for all sites. */
async function recomputeEmailClosings(wh: Warehouse, dayList: Sql, version: Sql): Promise<void> {
  const closedDay = sql`toDate(assumeNotNull(closed_at), 'Europe/Berlin')`;
  for (const perSite of [true, false]) {
    const siteExpr = perSite ? Sql.trusted('site') : sql`${lit.string(ALL_SITES)}`;
    const siteFilter = perSite
      ? sql`site != ${lit.string(ALL_SITES)}`
      : sql`site = ${lit.string(ALL_SITES)}`;
    const fresh = sql`SELECT ${siteExpr} AS s, day, ${closedDay} AS cd FROM emails FINAL WHERE day IN ${dayList} AND deleted = 0 AND isNotNull(closed_at) GROUP BY s, day, cd`;
    await wh.command(sql`
      INSERT INTO emails_closed_daily
      SELECT site, day, closed_day, 0, ${version}
      FROM (SELECT site, day, closed_day FROM emails_closed_daily FINAL WHERE day IN ${dayList} AND ${siteFilter})
      WHERE (site, day, closed_day) NOT IN (${fresh})
      GROUP BY site, day, closed_day`);
    await wh.command(sql`
      INSERT INTO emails_closed_daily
      SELECT ${siteExpr} AS s, day, ${closedDay} AS cd, count() AS closed, ${version}
      FROM emails FINAL WHERE day IN ${dayList} AND deleted = 0 AND isNotNull(closed_at)
      GROUP BY s, day, cd`);
  }
}

/** Recomputes the rollups of whatever a flush or import touched: table → days. */
export async function recomputeTouched(
  wh: Warehouse,
  touched: Record<string, readonly string[]>,
): Promise<void> {
  for (const source of ROLLUP_SOURCES) {
    const days = touched[source];
    // Large replays touch many days; keep each statement's IN list modest.
    for (let i = 0; days && i < days.length; i += 200)
      await recomputeRollup(wh, source, days.slice(i, i + 200));
  }
}
