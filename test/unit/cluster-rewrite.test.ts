import { describe, expect, it } from 'vitest';
import {
  ClusterRewriteError,
  clusterStatements,
  createDatabaseStatement,
} from '../../warehouse/cluster/rewrite.ts';
import { loadMigrations, statementsFor } from '../../warehouse/migrate.ts';

const target = { cluster: 'lagebild', database: 'lagebild' };

/** The parts of a single-node CREATE TABLE the cluster form must keep. */
function parts(statement: string) {
  const m =
    /^CREATE TABLE IF NOT EXISTS (\w+) \(([\s\S]*)\)\s*ENGINE = (\w+)\(([^()]*)\)([\s\S]*)$/.exec(
      statement,
    );
  if (!m) throw new Error(`not in the migrations' style: ${statement.slice(0, 60)}`);
  return { table: m[1]!, columns: m[2]!, engine: m[3]!, args: m[4]!.trim(), tail: m[5]! };
}

describe('cluster rewrite of the migrations', () => {
  const statements = loadMigrations().flatMap((m) =>
    m.statements.map((s) => ({ file: `${m.version}_${m.name}`, s })),
  );

  it('covers every statement of every migration file', () => {
    expect(statements.length).toBeGreaterThanOrEqual(14);
    for (const { file, s } of statements)
      expect(() => clusterStatements(s, target), file).not.toThrow();
  });

  it.each(statements.map(({ file, s }) => [`${file}: ${parts(s).table}`, s] as const))(
    '%s becomes a replicated t_local and a Distributed t, ON CLUSTER, same columns',
    (_, s) => {
      const { table, columns, engine, args, tail } = parts(s);
      const [local, distributed, ...rest] = clusterStatements(s, target);
      expect(rest).toEqual([]);
      const zkArgs = `'/clickhouse/tables/{shard}/lagebild/${table}', '{replica}'`;
      expect(local).toBe(
        `CREATE TABLE IF NOT EXISTS lagebild.${table}_local ON CLUSTER lagebild (${columns}) ENGINE = Replicated${engine}(${args ? `${zkArgs}, ${args}` : zkArgs})${tail}`,
      );
      expect(distributed).toMatch(
        new RegExp(
          `^CREATE TABLE IF NOT EXISTS lagebild\\.${table} ON CLUSTER lagebild \\(.*\\) ENGINE = Distributed\\(lagebild, lagebild, ${table}_local, cityHash64\\([a-z_, ]+\\)\\)$`,
          's',
        ),
      );
      expect(distributed).toContain(`(${columns})`);
    },
  );

  it('shards events by their identity, every other table by its whole sort key', () => {
    const key = (table: string) => {
      const s = statements.find(({ s }) => parts(s).table === table)!.s;
      return /cityHash64\(([^)]*)\)\)$/.exec(clusterStatements(s, target)[1]!)![1];
    };
    // Versions and tombstones of one event differ in site and day, never in id.
    for (const t of ['visits', 'calls', 'emails']) expect(key(t)).toBe('id');
    expect(key('visits_daily')).toBe('site, day, team');
    expect(key('emails_closed_daily')).toBe('site, day, closed_day');
    expect(key('rejects')).toBe('source, rejected_at, reject_id');
    expect(key('service_catalog')).toBe('code');
  });

  it('leaves single-node statements as they are', () => {
    for (const { s } of statements) expect(statementsFor(s, undefined)).toEqual([s]);
  });

  it('refuses what it cannot rewrite instead of running it on one node', () => {
    for (const s of [
      'ALTER TABLE visits ADD COLUMN x String',
      'CREATE TABLE t (x String) ENGINE = MergeTree() ORDER BY x',
      'CREATE TABLE IF NOT EXISTS t (x String) ENGINE = Memory',
      'CREATE TABLE IF NOT EXISTS t (x String) ENGINE = MergeTree() ORDER BY lower(x)',
    ])
      expect(() => clusterStatements(s, target), s).toThrow(ClusterRewriteError);
    expect(() => clusterStatements(statements[0]!.s, { ...target, database: 'a-b' })).toThrow(
      ClusterRewriteError,
    );
  });

  it('creates the database on every node', () => {
    expect(createDatabaseStatement(target)).toBe(
      'CREATE DATABASE IF NOT EXISTS lagebild ON CLUSTER lagebild',
    );
  });
});
