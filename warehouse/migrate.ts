import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths.ts';
import { Warehouse } from './client.ts';
import { warehouseConfig, type WarehouseConfig } from './config.ts';
import { ident, lit, Sql, sql } from './literal.ts';
import {
  clusterStatements,
  createDatabaseStatement,
  type ClusterTarget,
} from './cluster/rewrite.ts';

const MIGRATIONS_DIR = join(PROJECT_ROOT, 'warehouse/migrations/');

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

/** Splits a migration file into statements: `;` at a line end closes one; `--` lines are comments. */
export function splitStatements(text: string): string[] {
  const body = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return body
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = readFileSync(dir + file, 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        checksum: createHash('sha256').update(text).digest('hex').slice(0, 16),
        statements: splitStatements(text),
      };
    });
}

const SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, applied_at DateTime('UTC')) ENGINE = MergeTree() ORDER BY version`;

/**
 * The statements that carry out one migration statement: itself on one node; its replicated
 * and Distributed tables ON CLUSTER in cluster mode (warehouse/cluster/rewrite.ts).
 */
export function statementsFor(statement: string, cluster: ClusterTarget | undefined): string[] {
  return cluster ? clusterStatements(statement, cluster) : [statement];
}

export interface MigrateResult {
  applied: string[];
  skipped: number;
}

/**
 * Creates the database if needed and applies each migration not yet recorded in
 * `schema_migrations`, in order. Running it again is a no-op; a recorded migration whose
 * file changed since is an error, never silently re-run. In cluster mode (`config.cluster`)
 * the database and every table, schema_migrations too, are created ON CLUSTER in their
 * cluster form; every migration is rewritten before the first is applied, so one the
 * rewrite does not know stops the run before it changed anything.
 */
export async function migrate(
  options: { database?: string; config?: WarehouseConfig; log?: (msg: string) => void } = {},
): Promise<MigrateResult> {
  const config = options.config ?? warehouseConfig();
  const database = options.database ?? config.database;
  const log = options.log ?? (() => {});
  const cluster = config.cluster ? { cluster: config.cluster, database } : undefined;
  const migrations = loadMigrations().map((m) => ({
    ...m,
    statements: m.statements.flatMap((s) => statementsFor(s, cluster)),
  }));
  const system = new Warehouse(config, 'admin', 'system');
  try {
    await system.command(
      cluster
        ? Sql.trusted(createDatabaseStatement(cluster))
        : sql`CREATE DATABASE IF NOT EXISTS ${ident(database)}`,
    );
  } finally {
    await system.close();
  }
  const wh = new Warehouse(config, 'admin', database);
  try {
    for (const statement of statementsFor(SCHEMA_MIGRATIONS, cluster))
      await wh.command(Sql.trusted(statement));
    const done = new Map(
      (
        await wh.query<{ version: number; checksum: string }>(
          sql`SELECT version, checksum FROM schema_migrations`,
        )
      ).map((r) => [r.version, r.checksum]),
    );
    const result: MigrateResult = { applied: [], skipped: 0 };
    for (const m of migrations) {
      const recorded = done.get(m.version);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) {
          throw new Error(
            `Migration ${m.version}_${m.name} wurde nach dem Einspielen verändert; neue Änderungen gehören in eine neue Datei`,
          );
        }
        result.skipped++;
        continue;
      }
      log(`Migration ${String(m.version).padStart(4, '0')}_${m.name} …`);
      for (const statement of m.statements) await wh.command(Sql.trusted(statement));
      await wh.command(
        sql`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (${lit.uint(m.version)}, ${lit.string(m.name)}, ${lit.string(m.checksum)}, ${lit.dateTime(new Date())})`,
      );
      result.applied.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    return result;
  } finally {
    await wh.close();
  }
}
