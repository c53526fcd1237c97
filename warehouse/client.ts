import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseSettings,
} from '@clickhouse/client';
import { warehouseConfig, type Role, type WarehouseConfig } from './config.ts';
import { embeddedConnection } from './embedded-engine.ts';
import { ident, type Sql } from './literal.ts';
import { roleSettings } from './role-profiles.ts';
import { CLUSTER_SETTINGS } from './cluster/settings.ts';

export interface WarehouseOptions {
  role?: Role;
  /** Overrides CLICKHOUSE_DB (tests use one fresh database per file). */
  database?: string;
  config?: WarehouseConfig;
  /** Print the server version once connected (the CLI does; tests do not). */
  logVersion?: boolean;
}

export class WarehouseUnreachableError extends Error {}

function isStaleSocket(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'ECONNRESET' || e.message === 'socket hang up';
}

/**
 * A connection to ClickHouse for one role and database. Every statement goes in as an
 * `Sql` fragment, so nothing reaches the server that did not pass the literal formatter.
 */
export class Warehouse {
  readonly database: string;
  readonly role: Role;
  readonly url: string;
  readonly client: ClickHouseClient;

  constructor(config: WarehouseConfig, role: Role, database: string) {
    this.database = database;
    this.role = role;
    this.url = config.url;
    const { user, password } = config.credentials[role];
    this.client = createClient({
      ...(config.engine === 'chdb'
        ? {
            connection: embeddedConnection(
              config.url.slice('chdb://'.length),
              database,
              roleSettings(role),
            ),
          }
        : { url: config.url }),
      username: user,
      password,
      database,
      request_timeout: 300_000,
      // The reader's profile is readonly = 1, which refuses any per-query setting,
      // so nothing here may ask for one (compression would).
      compression: { request: false, response: false },
      // 18.16 drops idle keep-alive sockets after 3 s; reuse them only for less than that.
      keep_alive: { enabled: true, idle_socket_ttl: 2_000 },
      // The batch writer keeps an insert per table open while a segment fills (live-insert.ts).
      max_open_connections: 32,
      log: { level: ClickHouseLogLevel.OFF },
      // Cluster mode: synchronous Distributed inserts and the rest of warehouse/cluster/settings.ts
      // with every request, whatever the cluster's profiles say; not for the reader, whose
      // readonly = 1 refuses them (its profile must hold them).
      ...(config.cluster && role !== 'reader' ? { clickhouse_settings: CLUSTER_SETTINGS } : {}),
    });
  }

  /** `settings` only for writing roles: the reader's profile refuses any per-query setting. */
  async query<T>(statement: Sql, settings?: ClickHouseSettings): Promise<T[]> {
    const run = async () => {
      const rs = await this.client.query({
        query: statement.toString(),
        format: 'JSONEachRow',
        ...(settings ? { clickhouse_settings: settings } : {}),
      });
      return rs.json<T>();
    };
    try {
      return await run();
    } catch (err) {
      // A kept-alive socket the server closed just as it was reused: a read is safe to repeat.
      if (!isStaleSocket(err)) throw err;
      return run();
    }
  }

  async command(statement: Sql): Promise<void> {
    await this.client.command({ query: statement.toString() });
  }

  /** Inserts rows as JSONEachRow; the caller supplies every column (see platform notes). */
  async insert(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({
      table: `${ident(this.database)}.${ident(table)}`,
      values: rows as object[],
      format: 'JSONEachRow',
    });
  }

  /**
   * Inserts rows that are already encoded (the spool's blocks), passed through as they
   * are: no row is split, parsed or serialised again on the way. `columns` names the
   * TabSeparated fields in order; null means JSONEachRow.
   */
  async insertBlocks(
    table: string,
    columns: readonly string[] | null,
    blocks: readonly Uint8Array[],
  ): Promise<void> {
    if (blocks.length === 0) return;
    await this.insertStream(table, columns, Readable.from(blocks, { objectMode: false }));
  }

  /** Inserts a stream of encoded rows (see `insertBlocks`); resolves once ClickHouse confirmed it. */
  async insertStream(
    table: string,
    columns: readonly string[] | null,
    body: Readable,
  ): Promise<void> {
    const target = `${ident(this.database)}.${ident(table)}`;
    const result = await this.client.exec({
      query: columns
        ? `INSERT INTO ${target} (${columns.map(ident).join(', ')}) FORMAT TabSeparated`
        : `INSERT INTO ${target} FORMAT JSONEachRow`,
      values: body,
    });
    result.stream.resume();
    await finished(result.stream);
  }

  async serverVersion(): Promise<string> {
    const rs = await this.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
    const [row] = await rs.json<{ v: string }>();
    return row?.v ?? 'unknown';
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Connects as `role` and checks the server answers; an unreachable server gives one
 * clear error naming the URL instead of a stack trace from deep inside the client.
 */
export async function connectWarehouse(options: WarehouseOptions = {}): Promise<Warehouse> {
  const config = options.config ?? warehouseConfig();
  const wh = new Warehouse(config, options.role ?? 'admin', options.database ?? config.database);
  try {
    const version = await wh.serverVersion();
    if (options.logVersion)
      console.log(
        `ClickHouse ${version} unter ${config.url} (Datenbank ${wh.database}, Rolle ${wh.role})`,
      );
  } catch (err) {
    await wh.close();
    const reason = (err as Error).message;
    if ((err as { code?: string }).code === '81') {
      throw new WarehouseUnreachableError(
        `Datenbank ${wh.database} fehlt auf ${config.url}: zuerst "npx lagebild migrate" ausführen.`,
      );
    }
    throw new WarehouseUnreachableError(
      `ClickHouse unter ${config.url} ist nicht erreichbar (${reason}).` +
        (config.managed
          ? ' Starten Sie ihn mit "npx lagebild db start".'
          : ' Prüfen Sie CLICKHOUSE_URL, CLICKHOUSE_USER und CLICKHOUSE_PASSWORD.'),
    );
  }
  return wh;
}
