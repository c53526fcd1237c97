import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseSettings,
} from '@clickhouse/client';
import { warehouseConfig, type Role, type WarehouseConfig } from './config.ts';
import { ident, type Sql } from './literal.ts';

export interface WarehouseOptions {
  role?: Role;
  /** Overrides CLICKHOUSE_DB (tests use one fresh database per file). */
  database?: string;
  config?: WarehouseConfig;
  /** Print the server version once connected (the CLI does; tests do not). */
  logVersion?: boolean;
}

export class WarehouseUnreachableError extends Error {}

/**
 * A connection to ClickHouse for one role and database. Every statement goes in as an
 * `Sql` fragment, so nothing reaches the server that did not pass the literal formatter.
 */
export class Warehouse {
  readonly database: string;
  readonly role: Role;
  readonly url: string;
  readonly client: ClickHouseClient;
  private readonly basicAuth: string;

  constructor(config: WarehouseConfig, role: Role, database: string) {
    this.database = database;
    this.role = role;
    this.url = config.url;
    const { user, password } = config.credentials[role];
    this.basicAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    this.client = createClient({
      url: config.url,
      username: user,
      password,
      database,
      request_timeout: 300_000,
      // The reader's profile is readonly = 1, which refuses any per-query setting,
      // so nothing here may ask for one (compression would).
      compression: { request: false, response: false },
      // 18.16 drops idle keep-alive sockets after 3 s; reuse them only for less than that.
      keep_alive: { enabled: true, idle_socket_ttl: 2_000 },
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  /** `settings` only for writing roles: the reader's profile refuses any per-query setting. */
  async query<T>(statement: Sql, settings?: ClickHouseSettings): Promise<T[]> {
    const rs = await this.client.query({
      query: statement.toString(),
      format: 'JSONEachRow',
      ...(settings ? { clickhouse_settings: settings } : {}),
    });
    return rs.json<T>();
  }

  /**
   * A SELECT that may read `values` as a table `name` with one String column `value`,
   * sent beside the query as ClickHouse "external data". For long lists (the writer's
   * identity lookup: 100,000 ids) this costs a fraction of an IN literal, which 18.16
   * parses slowly, and the values never become SQL text. The official client has no
   * external data, so this one request is plain HTTP.
   */
  async queryWithList<T>(statement: Sql, name: string, values: readonly string[]): Promise<T[]> {
    const form = new FormData();
    // Every row ends with a newline, so an empty last value is a row, not the end.
    const body = values.map((v) => `${tsvEscape(v)}\n`).join('');
    form.append(name, new Blob([body]), `${name}.tsv`);
    const params = new URLSearchParams({
      database: this.database,
      query: `${statement.toString()}\nFORMAT JSONEachRow`,
      [`${name}_structure`]: 'value String',
      [`${name}_format`]: 'TabSeparated',
    });
    const res = await fetch(`${this.url}/?${params}`, {
      method: 'POST',
      body: form,
      headers: { authorization: this.basicAuth },
      signal: AbortSignal.timeout(300_000),
    });
    const text = await res.text();
    if (!res.ok) {
      // Shaped like the client's errors, so callers classify both alike.
      const err = new Error(text.trim()) as Error & { code?: string };
      err.code = /Code: (\d+)/.exec(text)?.[1];
      throw err;
    }
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as T);
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

  /** Inserts rows that are already JSONEachRow lines (the spool's form), without re-serialising them. */
  async insertJsonLines(table: string, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const result = await this.client.exec({
      query: `INSERT INTO ${ident(this.database)}.${ident(table)} FORMAT JSONEachRow`,
      // In slices, so other work of the process runs between them.
      values: Readable.from(slices(lines, 5_000)),
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

function* slices(lines: readonly string[], size: number): Generator<string> {
  for (let i = 0; i < lines.length; i += size) yield `${lines.slice(i, i + size).join('\n')}\n`;
}

const TSV_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
};

function tsvEscape(value: string): string {
  return value.replace(/[\\\t\n\r\0]/g, (c) => TSV_ESCAPES[c]!);
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
