import { join } from 'node:path';
import { dataDir } from '../config/paths.ts';
import { defaultAcceptThreads } from './pipeline/accept-pool.ts';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}="${raw}" is not a positive number`);
  return n;
}

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}="${raw}" is not a whole number ≥ 0`);
  return n;
}

/** Ingest settings, each overridable by environment (documented in the README). */
export function ingestConfig() {
  return {
    host: process.env.LAGEBILD_HOST ?? '127.0.0.1',
    port: num('LAGEBILD_INGEST_PORT', 3001),
    spoolDir: process.env.LAGEBILD_SPOOL_DIR ?? join(dataDir(), 'spool'),
    spoolMaxBytes: num('LAGEBILD_SPOOL_MAX_BYTES', 1024 ** 3),
    bodyLimitBytes: num('LAGEBILD_BODY_LIMIT_BYTES', 10 * 1024 ** 2),
    /** Time a client has to send a whole request, headers and body; then 408 and closed. */
    bodyTimeoutMs: num('LAGEBILD_INGEST_BODY_TIMEOUT_MS', 30_000),
    /** Time a client has to send its request headers. */
    headersTimeoutMs: num('LAGEBILD_INGEST_HEADERS_TIMEOUT_MS', 10_000),
    /** `/metrics` without a metrics token (for a scraper on a trusted network). */
    metricsPublic: process.env.LAGEBILD_METRICS_PUBLIC === '1',
    rateLimitPerMinute: num('LAGEBILD_INGEST_RATE_LIMIT', 1200),
    flushRows: num('LAGEBILD_FLUSH_ROWS', 100_000),
    flushBytes: num('LAGEBILD_FLUSH_BYTES', 64 * 1024 ** 2),
    flushMs: num('LAGEBILD_FLUSH_MS', 1_000),
    /** Worker threads that parse and validate request bodies; 0 does it on the main thread. */
    acceptThreads: count('LAGEBILD_ACCEPT_THREADS', defaultAcceptThreads()),
    rollupIntervalMs: num('LAGEBILD_ROLLUP_INTERVAL_MS', 2_000),
    shutdownDeadlineMs: num('LAGEBILD_SHUTDOWN_DEADLINE_MS', 10_000),
  };
}

export type IngestConfig = ReturnType<typeof ingestConfig>;
