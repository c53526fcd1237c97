/**
 * Recomputes the rollups of the given days from the deduplicated raw rows (see migration
 * 0005). Exact under re-sent and updated events: each recompute replaces the whole group with
 * a newer version, and groups that no longer exist get zero rows. Every rollup is one spec
 * below; the same two statements keep all of them.
 */
import type { LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import { kpiSettings } from '../../queries/targets.ts';
import { ALL_SITES, type EventTable } from '../../queries/shared/sql-parts.ts';
import {
  ARRIVAL_COLUMNS,
  callColumns,
  columnsSql,
  CONTACT_COLUMNS,
  CONTACT_HOUR,
  EMAIL_CLOSING_COLUMNS,
  EMAIL_COLUMNS,
  HANDLING_SECOND_COLUMNS,
  SERVICE_COLUMNS,
  VISIT_COLUMNS,
  type Columns,
} from '../../queries/kpis/measures.ts';
import { VISIT } from '../../queries/shared/sql-parts.ts';
import { ONLINE_COLUMNS } from '../../queries/online/measures.ts';
import { PASSPORT_APPLICATION, PASSPORT_COLUMNS } from '../../queries/seasonality/measures.ts';

/** The raw tables rollups are kept from: the three contact channels and online transactions. */
export type RollupSource = EventTable | 'online';

interface RollupSpec {
  table: string;
  source: RollupSource;
  /** The group key after (site, day): column in the rollup → expression over the raw rows. */
  keys: [name: string, raw: Sql][];
  /** Raw rows counted beside `deleted = 0`; e.g. a visit's services as rows (ARRAY JOIN). */
  arrayJoin?: Sql;
  where?: Sql;
  /**
   * When several specs write one table (one per channel): the rollup rows of this spec,
   * so that its vanished groups are zeroed without touching the other channels.
   */
  rows?: Sql;
  /** The KPI registry's columns of this rollup, in table order after the key. */
  columns: (shortAbandonSeconds: number) => Columns;
}

const channel = (c: EventTable): [string, Sql] => ['channel', sql`${lit.string(c)}`];
const ofChannel = (c: EventTable) => sql`channel = ${lit.string(c)}`;
const services = Sql.trusted('ARRAY JOIN services AS service');

const SPECS: RollupSpec[] = [
  {
    table: 'visits_daily',
    source: 'visits',
    keys: [['team', Sql.trusted('toString(team)')]],
    columns: () => VISIT_COLUMNS,
  },
  {
    table: 'calls_daily',
    source: 'calls',
    keys: [['queue', Sql.trusted('queue')]],
    columns: callColumns,
  },
  {
    table: 'emails_daily',
    source: 'emails',
    keys: [['mailbox', Sql.trusted('mailbox')]],
    columns: () => EMAIL_COLUMNS,
  },
  // Closings per receipt day and local day of closing (migration 0006).
  {
    table: 'emails_closed_daily',
    source: 'emails',
    keys: [['closed_day', Sql.trusted(`toDate(assumeNotNull(closed_at), 'Europe/Berlin')`)]],
    where: Sql.trusted('isNotNull(closed_at)'),
    columns: () => EMAIL_CLOSING_COLUMNS,
  },
  // Contacts per UTC hour (migration 0008), one spec per channel.
  ...(['visits', 'calls', 'emails'] as const).map((c): RollupSpec => ({
    table: 'contacts_hourly',
    source: c,
    keys: [channel(c), ['hour_start', CONTACT_HOUR[c].hour]],
    ...(CONTACT_HOUR[c].where ? { where: CONTACT_HOUR[c].where } : {}),
    rows: ofChannel(c),
    columns: () => CONTACT_COLUMNS,
  })),
  // Per service and team (migrations 0009, 0010).
  {
    table: 'visit_services_daily',
    source: 'visits',
    keys: [
      ['service', Sql.trusted('service')],
      ['team', Sql.trusted('toString(team)')],
    ],
    arrayJoin: services,
    columns: () => SERVICE_COLUMNS,
  },
  {
    table: 'visit_handling_seconds_daily',
    source: 'visits',
    keys: [
      ['service', Sql.trusted('service')],
      ['team', Sql.trusted('toString(team)')],
      ['handle_seconds', sql`toInt64(${VISIT.handleSeconds})`],
    ],
    arrayJoin: services,
    where: sql`${VISIT.completed} AND ${VISIT.hasHandle}`,
    columns: () => HANDLING_SECOND_COLUMNS,
  },
  // Arrivals and late arrivals per channel (migration 0011).
  ...(['visits', 'calls', 'emails'] as const).map((c): RollupSpec => ({
    table: 'event_arrivals_daily',
    source: c,
    keys: [channel(c)],
    rows: ofChannel(c),
    columns: () => ARRIVAL_COLUMNS,
  })),
  // Online transactions per service and channel (migration 0014).
  {
    table: 'online_daily',
    source: 'online',
    keys: [
      ['service', Sql.trusted('service')],
      ['channel', Sql.trusted('channel')],
    ],
    columns: () => ONLINE_COLUMNS,
  },
  // Passport/ID applications per team, each visit once (migration 0015).
  {
    table: 'passport_applications_daily',
    source: 'visits',
    keys: [['team', Sql.trusted('toString(team)')]],
    where: PASSPORT_APPLICATION,
    columns: () => PASSPORT_COLUMNS,
  },
];

export const ROLLUP_SOURCES: readonly RollupSource[] = ['visits', 'calls', 'emails', 'online'];

/** The rollup tables, for the rebuild's check and for retention. */
export const ROLLUP_TABLES: readonly string[] = [...new Set(SPECS.map((s) => s.table))];

/** The rollup tables kept from one source table. */
export function rollupTablesOf(source: RollupSource): string[] {
  return [...new Set(SPECS.filter((s) => s.source === source).map((s) => s.table))];
}

async function recomputeSpec(
  wh: Warehouse,
  spec: RollupSpec,
  dayList: Sql,
  version: Sql,
  shortAbandonSeconds: number,
): Promise<void> {
  const columns = spec.columns(shortAbandonSeconds);
  const table = ident(spec.table);
  const from = sql`${ident(spec.source)} FINAL${spec.arrayJoin ? sql` ${spec.arrayJoin}` : sql``}`;
  const where = sql`day IN ${dayList} AND deleted = 0${spec.where ? sql` AND ${spec.where}` : sql``}`;
  // Aliases k_0 … so that an expression over a raw column of the same name stays unambiguous.
  const aliases = spec.keys.map((_, i) => ident(`k_${i}`));
  const keyList = Sql.trusted(aliases.map(String).join(', '));
  const rawKeys = Sql.trusted(spec.keys.map(([, raw], i) => `${raw} AS k_${i}`).join(', '));
  const storedKeys = Sql.trusted(
    spec.keys.map(([name], i) => `${ident(name)} AS k_${i}`).join(', '),
  );
  // Per site, then once more for all sites together (site ''), each with zero rows for
  // groups that vanished since the last recompute.
  for (const perSite of [true, false]) {
    const siteExpr = perSite ? Sql.trusted('site') : sql`${lit.string(ALL_SITES)}`;
    const siteFilter = perSite
      ? sql`site != ${lit.string(ALL_SITES)}`
      : sql`site = ${lit.string(ALL_SITES)}`;
    const own = spec.rows ? sql` AND ${spec.rows}` : sql``;
    const freshKeys = sql`SELECT ${siteExpr} AS s, day, ${rawKeys} FROM ${from} WHERE ${where} GROUP BY s, day, ${keyList}`;
    await wh.command(sql`
      INSERT INTO ${table}
      SELECT site, day, ${keyList}, ${columnsSql(columns, 'zero')}, ${version}
      FROM (SELECT site, day, ${storedKeys} FROM ${table} FINAL WHERE day IN ${dayList} AND ${siteFilter}${own})
      WHERE (site, day, ${keyList}) NOT IN (${freshKeys})
      GROUP BY site, day, ${keyList}`);
    await wh.command(sql`
      INSERT INTO ${table}
      SELECT ${siteExpr} AS s, day, ${rawKeys}, ${columnsSql(columns, 'state')}, ${version}
      FROM ${from}
      WHERE ${where}
      GROUP BY s, day, ${keyList}`);
  }
}

/** Recomputes `days` of every rollup of one source table. */
export async function recomputeRollup(
  wh: Warehouse,
  source: RollupSource,
  days: readonly LocalDate[],
): Promise<void> {
  if (days.length === 0) return;
  const dayList = lit.inList(days, lit.date);
  const shortAbandonSeconds = kpiSettings().shortAbandonSeconds;
  // Taken before reading: anything committed earlier is seen, and a later recompute wins.
  const version = lit.uint(Date.now());
  for (const spec of SPECS.filter((s) => s.source === source))
    await recomputeSpec(wh, spec, dayList, version, shortAbandonSeconds);
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
