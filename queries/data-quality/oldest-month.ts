/**
 * The oldest month of events kept: the first partition (PARTITION BY toYYYYMM(day)) still
 * holding rows in an event table. Read from the table parts, not the rows, since retention
 * drops whole months; on a cluster the parts are those of this node's local tables.
 */
import { lit, sql, type Sql } from '../../warehouse/literal.ts';

const EVENT_TABLES = ['visits', 'calls', 'emails'];
const LOCAL_SUFFIX = '_local';

export function oldestEventMonthSql(): Sql {
  const tables = [...EVENT_TABLES, ...EVENT_TABLES.map((t) => t + LOCAL_SUFFIX)];
  return sql`SELECT toString(toStartOfMonth(min(min_date))) AS m, count() AS n FROM system.parts
    WHERE database = currentDatabase() AND active AND rows > 0 AND table IN ${lit.inList(tables, lit.string)}`;
}
