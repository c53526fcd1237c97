import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Environment } from '../config/environment.ts';
import { clickhouseDir } from '../config/paths.ts';

/** Who connects: each role is a separate ClickHouse user with only the rights it needs. */
export type Role = 'admin' | 'ingest' | 'reader';

export interface Credentials {
  user: string;
  password: string;
}

export interface WarehouseConfig {
  /** The server's HTTP URL, or `chdb://<folder>` for the embedded engine. */
  url: string;
  /**
   * `server`: a ClickHouse server over HTTP (production). `chdb`: the current engine in this
   * process through npm `chdb` (a dev dependency), for the second engine of the test suite
   * only: it has one data folder per process and no users, so one process, all roles.
   */
  engine: 'server' | 'chdb';
  database: string;
  /** True when Lagebild runs its own local server (CLICKHOUSE_URL unset). */
  managed: boolean;
  credentials: Record<Role, Credentials>;
  /** CLICKHOUSE_CLUSTER: the cluster this server belongs to; undefined on a single node. */
  cluster?: string;
}

export const MANAGED_HTTP_PORT = 18123;
export const MANAGED_NATIVE_PORT = 19000;

export function credentialsFile(): string {
  return join(clickhouseDir(), 'credentials.json');
}

function readManagedCredentials(): Record<Role, Credentials> {
  try {
    return JSON.parse(readFileSync(credentialsFile(), 'utf8')) as Record<Role, Credentials>;
  } catch {
    throw new Error(
      `no credentials for the local ClickHouse in ${credentialsFile()}: run "npx lagebild db start" first`,
    );
  }
}

/**
 * A process that may only read (the dashboard, CLICKHOUSE_READER_ONLY=1): the reader comes from
 * CLICKHOUSE_READ_USER / CLICKHOUSE_READ_PASSWORD, the credentials file is never opened, and
 * asking for another role fails loudly instead of connecting as someone else.
 */
function readerOnlyCredentials(reader: Credentials): Record<Role, Credentials> {
  const refuse = (role: Role): never => {
    throw new Error(
      `this process holds only the read-only ClickHouse user (CLICKHOUSE_READER_ONLY=1), not the ${role} user`,
    );
  };
  return {
    reader,
    get admin() {
      return refuse('admin');
    },
    get ingest() {
      return refuse('ingest');
    },
  };
}

/**
 * The environment for a child process that may only read (the dashboard): `env` without the
 * admin's and the ingest user's credentials, with the reader's and CLICKHOUSE_READER_ONLY=1.
 */
export function readerOnlyEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { user, password } = warehouseConfig(env).credentials.reader;
  const {
    CLICKHOUSE_USER: _adminUser,
    CLICKHOUSE_PASSWORD: _adminPassword,
    CLICKHOUSE_INGEST_USER: _ingestUser,
    CLICKHOUSE_INGEST_PASSWORD: _ingestPassword,
    ...rest
  } = env;
  return {
    ...rest,
    CLICKHOUSE_READER_ONLY: '1',
    CLICKHOUSE_READ_USER: user,
    CLICKHOUSE_READ_PASSWORD: password,
  };
}

/**
 * The connection settings, from the configuration module (config/environment.ts). With
 * CLICKHOUSE_URL every role uses CLICKHOUSE_USER / CLICKHOUSE_PASSWORD unless
 * CLICKHOUSE_INGEST_* or CLICKHOUSE_READ_* name other users; with CLICKHOUSE_READER_ONLY=1
 * there is only the reader (see readerOnlyCredentials).
 */
export function warehouseConfig(env: Environment = process.env): WarehouseConfig {
  const c = loadConfig(env).clickhouse;
  if (c.engine === 'chdb') return chdbConfig(c.database, c.chdbPath);
  if (c.url) {
    return {
      url: c.url,
      engine: 'server',
      database: c.database,
      managed: false,
      credentials: c.readerOnly ? readerOnlyCredentials(c.credentials.reader) : c.credentials,
      cluster: c.cluster,
    };
  }
  return {
    url: `http://127.0.0.1:${MANAGED_HTTP_PORT}`,
    engine: 'server',
    database: c.database,
    managed: true,
    credentials: c.readerOnly
      ? readerOnlyCredentials(c.credentials.reader)
      : readManagedCredentials(),
  };
}

const EMBEDDED_USER: Credentials = { user: 'default', password: '' };

let processFolder: string | undefined;

/**
 * The embedded engine in `path`, by default in one fresh folder under the temp dir for the
 * whole process (the engine binds a single data folder per process).
 */
export function chdbConfig(database: string, path?: string): WarehouseConfig {
  const folder = path ?? (processFolder ??= mkdtempSync(join(tmpdir(), 'lagebild-chdb-')));
  return {
    url: `chdb://${folder}`,
    engine: 'chdb',
    database,
    managed: false,
    credentials: { admin: EMBEDDED_USER, ingest: EMBEDDED_USER, reader: EMBEDDED_USER },
  };
}
