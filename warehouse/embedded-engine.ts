import { createRequire } from 'node:module';
import type { ClickHouseClientConfigOptions } from '@clickhouse/client';
import { ident, lit } from './literal.ts';
import type { SettingValue } from './role-profiles.ts';

type Connection = NonNullable<ClickHouseClientConfigOptions['connection']>;

/**
 * A connection to the current ClickHouse engine inside this process (npm `chdb`), bound to
 * `database` with a role's settings. chdb's connection ignores the client's `database` option
 * and has no users, while its sessions keep their own current database and settings: so each
 * session switches once with `USE` and applies the role's profile (role-profiles.ts; for the
 * reader readonly = 1, for ingest allow_ddl = 0) before its first statement.
 */
export function embeddedConnection(
  folder: string,
  database: string,
  settings: ReadonlyArray<[string, SettingValue]>,
): Connection {
  // Loaded only when asked for: chdb is a dev dependency, production never needs it.
  const { createChdbConnection } = createRequire(import.meta.url)('chdb/connection') as {
    createChdbConnection(options: { path: string }): Connection;
  };
  const inner = createChdbConnection({ path: folder });
  let ready: Promise<unknown> | undefined;
  const bound = async (): Promise<void> => {
    ready ??= (async () => {
      await inner.command({ query: `USE ${ident(database)}` });
      for (const [key, value] of settings)
        await inner.command({ query: `SET ${ident(key)} = ${settingLiteral(value)}` });
    })();
    try {
      await ready;
    } catch (err) {
      ready = undefined; // the database may exist by the next statement (migrate creates it)
      throw err;
    }
  };
  return {
    ping: (params) => inner.ping(params),
    query: async (params) => (await bound(), inner.query(params)),
    insert: async (params) => (await bound(), inner.insert(params)),
    command: async (params) => (await bound(), inner.command(params)),
    exec: async (params) => (await bound(), inner.exec(params)),
    close: () => inner.close(),
  };
}

function settingLiteral(value: SettingValue): string {
  return typeof value === 'number' ? lit.uint(value).toString() : lit.string(value).toString();
}

/** The engine's version, asked of the engine. */
export function embeddedEngineVersion(): string {
  const chdb = createRequire(import.meta.url)('chdb') as {
    query(sql: string, format: string): string;
  };
  return chdb.query('SELECT version()', 'TSVRaw').trim();
}
