/**
 * Cluster mode's DDL (CLICKHOUSE_CLUSTER set): the migration files stay as they are, one
 * node's statements, and this rewrite turns each into its cluster form. Every
 * `CREATE TABLE IF NOT EXISTS t (...) ENGINE = X(...) ...` becomes
 *
 * - `t_local ON CLUSTER c` with `Replicated<X>('/clickhouse/tables/{shard}/<db>/t', '{replica}', ...)`:
 *   the rows of one shard, kept by every replica of it ({shard} and {replica} are each
 *   server's macros);
 * - `t ON CLUSTER c` with `Distributed(c, <db>, t_local, <sharding key>)`: the table the writer
 *   inserts into and the queries read, under the name they already use.
 *
 * Why collapsing stays exact: ReplacingMergeTree (and FINAL, and argMax) only ever compares
 * rows within one table on one server, so every row that may replace another must live on the
 * same shard as it. The sharding key is therefore a hash of what never changes between those
 * rows:
 *
 * - event tables (their sort key holds the source's `id`): the event's identity, `id` (one table
 *   per type, so the id is the identity). Site and day are in the sort key but may change with
 *   a new version; the tombstone the writer stores under the old key has the same id, so every
 *   version and every tombstone of one event is on one shard, and FINAL there sees them all;
 * - every other table (rollups, reference data, rejects, batches): the whole sort key. Rows
 *   replace each other only when their sort keys are equal, and equal keys hash alike; a
 *   rollup group recomputed with a newer version goes where the old one is.
 *
 * A query over a Distributed table then merges per-shard results that never overlap, so sums
 * and counts are those of one node. A statement this rewrite does not know is refused rather
 * than run on one node only: later migrations must keep the style of the existing ones.
 */

export interface ClusterTarget {
  /** The cluster's name in remote_servers (CLICKHOUSE_CLUSTER). */
  cluster: string;
  database: string;
}

/** The suffix of the replicated tables; retention drops partitions of `<t>_local ON CLUSTER`. */
export const LOCAL_SUFFIX = '_local';

export class ClusterRewriteError extends Error {}

const CREATE_TABLE =
  /^CREATE TABLE IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*) \(([\s\S]*)\)\s*ENGINE = ([A-Za-z]*MergeTree)\(([^()]*)\)([\s\S]*)$/;

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A plain name as it is: ZooKeeper paths and the Distributed engine's arguments take it
 * unquoted, so anything else is refused instead of escaped.
 */
function q(name: string): string {
  if (!PLAIN_NAME.test(name))
    throw new ClusterRewriteError(`${name}: im Cluster-Modus nur Buchstaben, Ziffern und _`);
  return name;
}

function sortKey(tail: string, table: string): string[] {
  const m = /ORDER BY\s+(\([^()]*\)|[A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(tail);
  if (!m) throw new ClusterRewriteError(`${table}: kein ORDER BY am Ende, Sortierschlüssel unklar`);
  const key = m[1]!.replace(/^\(|\)$/g, '');
  const columns = key.split(',').map((c) => c.trim());
  if (columns.some((c) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c)))
    throw new ClusterRewriteError(
      `${table}: Sortierschlüssel ${key} besteht nicht nur aus Spalten`,
    );
  return columns;
}

/** The sharding key of a table with this sort key (see the module comment for why). */
export function shardingKey(columns: readonly string[]): string {
  const identity = columns.includes('id') ? ['id'] : columns;
  return `cityHash64(${identity.join(', ')})`;
}

/** The cluster form of one migration statement: the replicated local table, then the Distributed one. */
export function clusterStatements(statement: string, target: ClusterTarget): string[] {
  const m = CREATE_TABLE.exec(statement.trim());
  if (!m)
    throw new ClusterRewriteError(
      `Im Cluster-Modus nicht umschreibbar (erwartet: CREATE TABLE IF NOT EXISTS t (...) ENGINE = ...MergeTree(...) ... ORDER BY ...): ${statement.slice(0, 80)}`,
    );
  const [, table, columns, engine, args, tail] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const { cluster, database } = target;
  const db = q(database);
  const path = `/clickhouse/tables/{shard}/${db}/${table}`;
  const engineArgs = [`'${path}'`, `'{replica}'`, ...(args.trim() ? [args.trim()] : [])];
  const local = `${table}${LOCAL_SUFFIX}`;
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.${q(local)} ON CLUSTER ${q(cluster)} (${columns}) ENGINE = Replicated${engine}(${engineArgs.join(', ')})${tail}`,
    `CREATE TABLE IF NOT EXISTS ${db}.${q(table)} ON CLUSTER ${q(cluster)} (${columns}) ENGINE = Distributed(${q(cluster)}, ${db}, ${q(local)}, ${shardingKey(sortKey(tail, table))})`,
  ];
}

export function createDatabaseStatement(target: ClusterTarget): string {
  return `CREATE DATABASE IF NOT EXISTS ${q(target.database)} ON CLUSTER ${q(target.cluster)}`;
}
