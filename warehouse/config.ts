import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickhouseDir } from './paths.ts';

/** Who connects: each role is a separate ClickHouse user with only the rights it needs. */
export type Role = 'admin' | 'ingest' | 'reader';

export interface Credentials {
  user: string;
  password: string;
}

export interface WarehouseConfig {
  url: string;
  database: string;
  /** True when Lagebild runs its own local server (CLICKHOUSE_URL unset). */
  managed: boolean;
  credentials: Record<Role, Credentials>;
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

function fromEnv(prefix: string, fallback: Credentials): Credentials {
  return {
    user: process.env[`${prefix}_USER`] ?? fallback.user,
    password: process.env[`${prefix}_PASSWORD`] ?? fallback.password,
  };
}

/**
 * Reads the connection settings. With CLICKHOUSE_URL every role uses CLICKHOUSE_USER /
 * CLICKHOUSE_PASSWORD unless CLICKHOUSE_INGEST_* or CLICKHOUSE_READ_* name other users.
 */
export function warehouseConfig(env: NodeJS.ProcessEnv = process.env): WarehouseConfig {
  const database = env.CLICKHOUSE_DB ?? 'lagebild';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database))
    throw new Error(`CLICKHOUSE_DB "${database}" is not a plain identifier`);
  if (env.CLICKHOUSE_URL) {
    const base = {
      user: env.CLICKHOUSE_USER ?? 'default',
      password: env.CLICKHOUSE_PASSWORD ?? '',
    };
    return {
      url: env.CLICKHOUSE_URL,
      database,
      managed: false,
      credentials: {
        admin: base,
        ingest: fromEnv('CLICKHOUSE_INGEST', base),
        reader: fromEnv('CLICKHOUSE_READ', base),
      },
    };
  }
  return {
    url: `http://127.0.0.1:${MANAGED_HTTP_PORT}`,
    database,
    managed: true,
    credentials: readManagedCredentials(),
  };
}
