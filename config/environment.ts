/**
 * Lagebild's configuration: every environment variable it reads, in one zod schema, with its
 * default. Parsed once per process (loadConfig); every wrong value is reported at once, by
 * name. The README's configuration table is checked against this schema (test/unit/config.test.ts).
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  choice,
  flag,
  httpUrl,
  number,
  optionalNumber,
  optionalText,
  optionalPattern,
  pattern,
  port,
  secret,
  share,
  text,
} from './env-values.ts';
import { PROJECT_ROOT } from './project-root.ts';

/** Loose on purpose: the SMTP server is the judge; this catches typos such as a missing @. */
const MAIL_ADDRESS = /^[^@\s,]+@[^@\s,]+$/;

/** A comma-separated list of mail addresses; unset is none. */
function addresses(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

export const environmentSchema = z
  .object({
    CLICKHOUSE_URL: httpUrl(),
    CLICKHOUSE_USER: text('default'),
    CLICKHOUSE_PASSWORD: secret(),
    CLICKHOUSE_INGEST_USER: optionalText(),
    CLICKHOUSE_INGEST_PASSWORD: secret(),
    CLICKHOUSE_READ_USER: optionalText(),
    CLICKHOUSE_READ_PASSWORD: secret(),
    // Set by `serve` for the dashboard: only the reader's credentials are in its environment.
    CLICKHOUSE_READER_ONLY: flag(),
    CLICKHOUSE_DB: pattern(
      /^[A-Za-z_][A-Za-z0-9_]*$/,
      'ist kein einfacher Name (Buchstaben, Ziffern und _, nicht mit einer Ziffer vorn)',
      'lagebild',
    ),
    CLICKHOUSE_SERVER_BIN: optionalText(),
    CLICKHOUSE_CLUSTER: optionalPattern(
      /^[A-Za-z_][A-Za-z0-9_]*$/,
      'ist kein einfacher Clustername (Buchstaben, Ziffern und _, wie in remote_servers)',
    ),
    CLICKHOUSE_NATIVE_PORT: port(19000),
    LAGEBILD_ENGINE: choice(['server', 'chdb'], 'server'),
    LAGEBILD_CHDB_PATH: optionalText(),
    LAGEBILD_DATA_DIR: text('.data'),
    LAGEBILD_HOST: text('127.0.0.1'),
    // 0 lets the system pick a free port, as it always could.
    LAGEBILD_PORT: port(3000, true),
    LAGEBILD_INGEST_PORT: port(3001),
    LAGEBILD_ORIGIN: httpUrl(),
    LAGEBILD_SERVICE_CATALOG: text('domain/catalog/service-catalog.json'),
    LAGEBILD_SITES: text('domain/sites/sites.json'),
    LAGEBILD_TOKEN_FILE: optionalText(),
    LAGEBILD_USERS_FILE: optionalText(),
    LAGEBILD_SPOOL_DIR: optionalText(),
    LAGEBILD_SPOOL_MAX_BYTES: number({ min: 1, whole: true }, 1024 ** 3),
    LAGEBILD_BODY_LIMIT_BYTES: number({ min: 1, whole: true }, 10 * 1024 ** 2),
    LAGEBILD_INGEST_BODY_TIMEOUT_MS: number({ min: 1, whole: true }, 30_000),
    LAGEBILD_INGEST_HEADERS_TIMEOUT_MS: number({ min: 1, whole: true }, 10_000),
    LAGEBILD_METRICS_PUBLIC: flag(),
    LAGEBILD_HEALTH_TOKEN: optionalText(),
    LAGEBILD_ANNOTATE_TOKEN: optionalText(),
    LAGEBILD_INGEST_URL: httpUrl(),
    // Read by adapter-node from the environment itself; here so a wrong value is reported too.
    LAGEBILD_KIT_ADDRESS_HEADER: optionalText(),
    LAGEBILD_KIT_XFF_DEPTH: number({ min: 1, whole: true }, 1),
    LAGEBILD_INGEST_RATE_LIMIT: number({ min: 1, whole: true }, 1200),
    LAGEBILD_FLUSH_ROWS: number({ min: 1, whole: true }, 100_000),
    LAGEBILD_FLUSH_BYTES: number({ min: 1, whole: true }, 64 * 1024 ** 2),
    LAGEBILD_FLUSH_MS: number({ min: 1, whole: true }, 1_000),
    // Unset: one per core, counted by the ingest service (ingest/config.ts).
    LAGEBILD_ACCEPT_THREADS: optionalNumber({ min: 0, whole: true }),
    LAGEBILD_ROLLUP_INTERVAL_MS: number({ min: 1, whole: true }, 2_000),
    LAGEBILD_SHUTDOWN_DEADLINE_MS: number({ min: 1, whole: true }, 10_000),
    LAGEBILD_SHORT_ABANDON_SECONDS: number({ min: 0, whole: true }, 5),
    LAGEBILD_MIN_GROUP: number({ min: 0, whole: true }, 5),
    LAGEBILD_RETENTION_YEARS: number({ min: 1, whole: true }, 10),
    LAGEBILD_ROLLUP_RETENTION_YEARS: optionalNumber({ min: 1, whole: true }),
    LAGEBILD_TARGET_SERVICE_LEVEL: share(0.75),
    LAGEBILD_TARGET_FCR: share(0.65),
    LAGEBILD_TARGET_WAIT_UNDER_15: share(0.8),
    LAGEBILD_TARGET_EMAIL_24H: share(0.9),
    LAGEBILD_TARGET_NO_SHOW: share(0.1),
    LAGEBILD_DASHBOARD_BUILD: text('dashboard/build'),
    LAGEBILD_CHROMIUM: text('/usr/bin/chromium'),
    LAGEBILD_DEBUG: flag(),
    LAGEBILD_ALERTS_FILE: optionalText(),
    LAGEBILD_ALERT_INTERVAL_MS: number({ min: 100, whole: true }, 60_000),
    LAGEBILD_ALERT_MAIL_TO: optionalText(),
    LAGEBILD_ALERT_WEBHOOK_URL: httpUrl(),
    LAGEBILD_SMTP_HOST: optionalText(),
    LAGEBILD_SMTP_PORT: port(587),
    LAGEBILD_SMTP_USER: optionalText(),
    LAGEBILD_SMTP_PASSWORD: secret(),
    LAGEBILD_SMTP_FROM: text('lagebild@localhost'),
    LAGEBILD_BRIEFING_TO: optionalText(),
    LAGEBILD_BRIEFING_TIME: pattern(
      /^([01]\d|2[0-3]):[0-5]\d$/,
      'ist keine Uhrzeit (HH:MM, z. B. 07:30)',
      '07:30',
    ),
  })
  .superRefine((v, ctx) => {
    if (
      v.CLICKHOUSE_READER_ONLY === true &&
      (!v.CLICKHOUSE_READ_USER || v.CLICKHOUSE_READ_PASSWORD === undefined)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['CLICKHOUSE_READER_ONLY'],
        message: 'braucht CLICKHOUSE_READ_USER und CLICKHOUSE_READ_PASSWORD',
      });
    for (const name of ['LAGEBILD_ALERT_MAIL_TO', 'LAGEBILD_BRIEFING_TO'] as const) {
      if (addresses(v[name]).some((a) => !MAIL_ADDRESS.test(a)))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'ist keine Liste von E-Mail-Adressen (durch Komma getrennt)',
        });
    }
  });

export type Environment = Readonly<Record<string, string | undefined>>;
type Values = z.output<typeof environmentSchema>;

/** Relative files and folders are taken from the project folder, whatever the cwd. */
function fromProject(path: string): string {
  return resolve(PROJECT_ROOT, path);
}

function optionalFromProject(path: string | undefined): string | undefined {
  return path === undefined ? undefined : fromProject(path);
}

function clickhouse(v: Values) {
  const admin = { user: v.CLICKHOUSE_USER, password: v.CLICKHOUSE_PASSWORD ?? '' };
  return {
    /** Unset: Lagebild runs its own server under the data folder. */
    url: v.CLICKHOUSE_URL,
    database: v.CLICKHOUSE_DB,
    engine: v.LAGEBILD_ENGINE,
    /** Only the reader's credentials are given; the other roles must not be asked for. */
    readerOnly: v.CLICKHOUSE_READER_ONLY,
    /** The embedded engine's folder; unset: a fresh one per process. */
    chdbPath: optionalFromProject(v.LAGEBILD_CHDB_PATH),
    /** For a server of one's own (CLICKHOUSE_URL); the managed one has its own users. */
    credentials: {
      admin,
      ingest: {
        user: v.CLICKHOUSE_INGEST_USER ?? admin.user,
        password: v.CLICKHOUSE_INGEST_PASSWORD ?? admin.password,
      },
      reader: {
        user: v.CLICKHOUSE_READ_USER ?? admin.user,
        password: v.CLICKHOUSE_READ_PASSWORD ?? admin.password,
      },
    },
    /** The managed server's binary; unset: the first of Debian's usual places. */
    serverBin: v.CLICKHOUSE_SERVER_BIN,
    nativePort: v.CLICKHOUSE_NATIVE_PORT,
    /**
     * Set: the server belongs to this cluster (its remote_servers name); migrations create
     * replicated local tables and Distributed tables over them. Unset: one node.
     */
    cluster: v.CLICKHOUSE_CLUSTER,
  };
}

/** Alerts and the scheduled briefing, sent by the ingest service (ingest/alerts/). */
function notifications(v: Values, dataDir: string) {
  return {
    smtp: {
      /** Unset: no mail is sent (the webhook still is). */
      host: v.LAGEBILD_SMTP_HOST,
      port: v.LAGEBILD_SMTP_PORT,
      user: v.LAGEBILD_SMTP_USER,
      password: v.LAGEBILD_SMTP_PASSWORD,
      from: v.LAGEBILD_SMTP_FROM,
    },
    /** Deliveries that failed, for Datenqualität (ingest/alerts/failure-log.ts). */
    failuresFile: join(dataDir, 'notification-failures.json'),
    alerts: {
      /** A missing file means no alerts. */
      rulesFile: optionalFromProject(v.LAGEBILD_ALERTS_FILE) ?? join(dataDir, 'alerts.json'),
      /** Which alerts hold and what is still to be sent, so a restart does not resend. */
      stateFile: join(dataDir, 'alerts-state.json'),
      intervalMs: v.LAGEBILD_ALERT_INTERVAL_MS,
      mailTo: addresses(v.LAGEBILD_ALERT_MAIL_TO),
      webhookUrl: v.LAGEBILD_ALERT_WEBHOOK_URL,
    },
    briefing: {
      /** None: no scheduled briefing (`lagebild briefing send --to` still works). */
      to: addresses(v.LAGEBILD_BRIEFING_TO),
      /** Europe/Berlin wall-clock time on working days. */
      time: v.LAGEBILD_BRIEFING_TIME,
      dashboardUrl: (v.LAGEBILD_ORIGIN ?? `http://${v.LAGEBILD_HOST}:${v.LAGEBILD_PORT}`).replace(
        /\/+$/,
        '',
      ),
    },
  };
}

function ingest(v: Values, dataDir: string) {
  return {
    host: v.LAGEBILD_HOST,
    port: v.LAGEBILD_INGEST_PORT,
    spoolDir: optionalFromProject(v.LAGEBILD_SPOOL_DIR) ?? join(dataDir, 'spool'),
    spoolMaxBytes: v.LAGEBILD_SPOOL_MAX_BYTES,
    bodyLimitBytes: v.LAGEBILD_BODY_LIMIT_BYTES,
    /** Time a client has to send a whole request, headers and body; then 408 and closed. */
    bodyTimeoutMs: v.LAGEBILD_INGEST_BODY_TIMEOUT_MS,
    /** Time a client has to send its request headers. */
    headersTimeoutMs: v.LAGEBILD_INGEST_HEADERS_TIMEOUT_MS,
    /** `/metrics` without a metrics token (for a scraper on a trusted network). */
    metricsPublic: v.LAGEBILD_METRICS_PUBLIC,
    rateLimitPerMinute: v.LAGEBILD_INGEST_RATE_LIMIT,
    flushRows: v.LAGEBILD_FLUSH_ROWS,
    flushBytes: v.LAGEBILD_FLUSH_BYTES,
    flushMs: v.LAGEBILD_FLUSH_MS,
    /** Unset: one per core (ingestConfig counts them). */
    acceptThreads: v.LAGEBILD_ACCEPT_THREADS,
    rollupIntervalMs: v.LAGEBILD_ROLLUP_INTERVAL_MS,
    shutdownDeadlineMs: v.LAGEBILD_SHUTDOWN_DEADLINE_MS,
    notifications: notifications(v, dataDir),
  };
}

function dashboard(v: Values) {
  const host = v.LAGEBILD_HOST;
  return {
    host,
    port: v.LAGEBILD_PORT,
    origin: v.LAGEBILD_ORIGIN ?? `http://${host}:${v.LAGEBILD_PORT}`,
    /** The ingest service as the dashboard reaches it, without a trailing slash. */
    ingestUrl: (v.LAGEBILD_INGEST_URL ?? `http://${host}:${v.LAGEBILD_INGEST_PORT}`).replace(
      /\/+$/,
      '',
    ),
    /** A metrics token: the ingest service's health with its details. */
    healthToken: v.LAGEBILD_HEALTH_TOKEN,
    /** The token with which annotations are written through the ingest service. */
    annotateToken: v.LAGEBILD_ANNOTATE_TOKEN,
  };
}

function kpi(v: Values) {
  return {
    shortAbandonSeconds: v.LAGEBILD_SHORT_ABANDON_SECONDS,
    minGroup: v.LAGEBILD_MIN_GROUP,
    targets: {
      serviceLevel: v.LAGEBILD_TARGET_SERVICE_LEVEL,
      firstContactResolution: v.LAGEBILD_TARGET_FCR,
      waitedUnder15Share: v.LAGEBILD_TARGET_WAIT_UNDER_15,
      answeredWithin24h: v.LAGEBILD_TARGET_EMAIL_24H,
      noShowRate: v.LAGEBILD_TARGET_NO_SHOW,
    },
  };
}

function toConfig(v: Values) {
  const dataDir = fromProject(v.LAGEBILD_DATA_DIR);
  return {
    dataDir,
    tokenFile: optionalFromProject(v.LAGEBILD_TOKEN_FILE) ?? join(dataDir, 'tokens.json'),
    usersFile: optionalFromProject(v.LAGEBILD_USERS_FILE) ?? join(dataDir, 'users.json'),
    serviceCatalog: fromProject(v.LAGEBILD_SERVICE_CATALOG),
    /** Site registry: offices and 115 service centres (domain/sites/site-registry.ts). */
    siteRegistry: fromProject(v.LAGEBILD_SITES),
    dashboardBuild: fromProject(v.LAGEBILD_DASHBOARD_BUILD),
    chromium: v.LAGEBILD_CHROMIUM,
    debug: v.LAGEBILD_DEBUG,
    clickhouse: clickhouse(v),
    ingest: ingest(v, dataDir),
    dashboard: dashboard(v),
    kpi: kpi(v),
    retention: {
      /** Events older than this many years are dropped by whole monthly partitions. */
      eventYears: v.LAGEBILD_RETENTION_YEARS,
      /** Rollups are kept this long; unset: as long as the events. */
      rollupYears: v.LAGEBILD_ROLLUP_RETENTION_YEARS ?? v.LAGEBILD_RETENTION_YEARS,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

/** A configuration that cannot be used; the command line exits 2 on it. */
export class ConfigError extends Error {}

function describeProblems(error: z.ZodError, env: Environment): string {
  const byVariable = new Map<string, string>();
  for (const issue of error.issues) {
    const name = String(issue.path[0]);
    if (!byVariable.has(name)) byVariable.set(name, `${name}="${env[name]}" ${issue.message}`);
  }
  return `Konfiguration: ${[...byVariable.values()].join('; ')}`;
}

/** The configuration in `env`, or a ConfigError naming every wrong variable. */
export function parseConfig(env: Environment): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(describeProblems(parsed.error, env));
  return toConfig(parsed.data);
}

const loaded = new WeakMap<Environment, Config>();

/** The process's configuration, parsed on first use; later calls get the same object. */
export function loadConfig(env: Environment = process.env): Config {
  let config = loaded.get(env);
  if (!config) {
    config = parseConfig(env);
    loaded.set(env, config);
  }
  return config;
}
