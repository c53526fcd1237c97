/**
 * The configuration: one schema over the environment, with today's defaults, every wrong
 * value reported at once by name, and the README's configuration table true to the schema.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  environmentSchema,
  loadConfig,
  parseConfig,
} from '../../config/environment.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { DEFAULT_CATALOG_PATH } from '../../domain/catalog/service-catalog.ts';
import { ingestConfig } from '../../ingest/config.ts';

const fromRoot = (path: string) => join(PROJECT_ROOT, path);
const noUser = { user: 'default', password: '' };

describe('defaults', () => {
  it('are those Lagebild had before the schema', () => {
    expect(parseConfig({})).toEqual({
      dataDir: fromRoot('.data'),
      tokenFile: fromRoot('.data/tokens.json'),
      usersFile: fromRoot('.data/users.json'),
      serviceCatalog: DEFAULT_CATALOG_PATH,
      siteRegistry: fromRoot('domain/sites/sites.json'),
      dashboardBuild: fromRoot('dashboard/build'),
      chromium: '/usr/bin/chromium',
      debug: false,
      clickhouse: {
        url: undefined,
        database: 'lagebild',
        engine: 'server',
        readerOnly: false,
        chdbPath: undefined,
        credentials: { admin: noUser, ingest: noUser, reader: noUser },
        serverBin: undefined,
        nativePort: 19000,
        cluster: undefined,
      },
      ingest: {
        host: '127.0.0.1',
        port: 3001,
        spoolDir: fromRoot('.data/spool'),
        spoolMaxBytes: 1024 ** 3,
        bodyLimitBytes: 10 * 1024 ** 2,
        bodyTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        metricsPublic: false,
        rateLimitPerMinute: 1200,
        flushRows: 100_000,
        flushBytes: 64 * 1024 ** 2,
        flushMs: 1000,
        acceptThreads: undefined,
        rollupIntervalMs: 2000,
        shutdownDeadlineMs: 10_000,
        notifications: {
          smtp: {
            host: undefined,
            port: 587,
            user: undefined,
            password: undefined,
            from: 'lagebild@localhost',
          },
          failuresFile: fromRoot('.data/notification-failures.json'),
          alerts: {
            rulesFile: fromRoot('.data/alerts.json'),
            stateFile: fromRoot('.data/alerts-state.json'),
            intervalMs: 60_000,
            mailTo: [],
            webhookUrl: undefined,
          },
          briefing: { to: [], time: '07:30', dashboardUrl: 'http://127.0.0.1:3000' },
        },
      },
      dashboard: {
        host: '127.0.0.1',
        port: 3000,
        origin: 'http://127.0.0.1:3000',
        ingestUrl: 'http://127.0.0.1:3001',
        healthToken: undefined,
        annotateToken: undefined,
      },
      kpi: {
        shortAbandonSeconds: 5,
        minGroup: 5,
        targets: {
          serviceLevel: 0.75,
          firstContactResolution: 0.65,
          waitedUnder15Share: 0.8,
          answeredWithin24h: 0.9,
          noShowRate: 0.1,
        },
      },
      retention: { eventYears: 10, rollupYears: 10 },
    });
    expect(ingestConfig(parseConfig({})).acceptThreads).toBe(availableParallelism());
  });

  it('follow the variables they are made of', () => {
    const config = parseConfig({
      LAGEBILD_DATA_DIR: '/srv/lagebild',
      LAGEBILD_HOST: '10.0.0.5',
      LAGEBILD_PORT: '8080',
      LAGEBILD_INGEST_PORT: '8081',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_USER: 'admin',
      CLICKHOUSE_PASSWORD: 'geheim',
      CLICKHOUSE_READ_USER: 'leser',
      CLICKHOUSE_INGEST_PASSWORD: '',
      LAGEBILD_SERVICE_CATALOG: 'config/catalog.json',
    });
    expect(config.tokenFile).toBe('/srv/lagebild/tokens.json');
    expect(config.ingest.spoolDir).toBe('/srv/lagebild/spool');
    expect(config.dashboard.origin).toBe('http://10.0.0.5:8080');
    expect(config.dashboard.ingestUrl).toBe('http://10.0.0.5:8081');
    expect(config.serviceCatalog).toBe(fromRoot('config/catalog.json'));
    // "As above" per value; an empty password is a password.
    expect(config.clickhouse.credentials).toEqual({
      admin: { user: 'admin', password: 'geheim' },
      ingest: { user: 'admin', password: '' },
      reader: { user: 'leser', password: 'geheim' },
    });
  });

  it('take an empty variable as unset, except a password', () => {
    const config = parseConfig({
      LAGEBILD_PORT: '',
      LAGEBILD_DATA_DIR: '',
      CLICKHOUSE_PASSWORD: '',
    });
    expect(config.dashboard.port).toBe(3000);
    expect(config.dataDir).toBe(fromRoot('.data'));
    expect(config.clickhouse.credentials.admin.password).toBe('');
  });
});

describe('wrong values', () => {
  it('are all named in one error', () => {
    const env = {
      LAGEBILD_PORT: 'abc',
      LAGEBILD_TARGET_FCR: '2',
      LAGEBILD_FLUSH_MS: '0',
      LAGEBILD_MIN_GROUP: '2.5',
      LAGEBILD_ENGINE: 'sqlite',
      CLICKHOUSE_DB: 'lage-bild',
      CLICKHOUSE_URL: 'clickhouse:8123',
      LAGEBILD_METRICS_PUBLIC: 'yes',
      LAGEBILD_INGEST_PORT: '70000',
      LAGEBILD_SPOOL_MAX_BYTES: '0x10',
    };
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(
      'Konfiguration: ' +
        [
          'CLICKHOUSE_URL="clickhouse:8123" ist keine http- oder https-URL',
          'CLICKHOUSE_DB="lage-bild" ist kein einfacher Name (Buchstaben, Ziffern und _, nicht mit einer Ziffer vorn)',
          'LAGEBILD_ENGINE="sqlite" ist weder "server" noch "chdb"',
          'LAGEBILD_PORT="abc" ist keine Zahl',
          'LAGEBILD_INGEST_PORT="70000" liegt nicht zwischen 1 und 65535',
          'LAGEBILD_SPOOL_MAX_BYTES="0x10" ist keine Zahl',
          'LAGEBILD_METRICS_PUBLIC="yes" ist weder 0 noch 1',
          'LAGEBILD_FLUSH_MS="0" ist kleiner als 1',
          'LAGEBILD_MIN_GROUP="2.5" ist keine ganze Zahl',
          'LAGEBILD_TARGET_FCR="2" liegt nicht zwischen 0 und 1',
        ].join('; '),
    );
  });

  it('include mail addresses and a briefing time that are none', () => {
    expect(() =>
      parseConfig({
        LAGEBILD_ALERT_MAIL_TO: 'leitung@example.org, leitung',
        LAGEBILD_BRIEFING_TIME: '7:30',
      }),
    ).toThrow(
      'Konfiguration: LAGEBILD_BRIEFING_TIME="7:30" ist keine Uhrzeit (HH:MM, z. B. 07:30); LAGEBILD_ALERT_MAIL_TO="leitung@example.org, leitung" ist keine Liste von E-Mail-Adressen (durch Komma getrennt)',
    );
  });

  it('include a reader-only process without the reader', () => {
    expect(() =>
      parseConfig({ CLICKHOUSE_READER_ONLY: '1', CLICKHOUSE_READ_USER: 'leser' }),
    ).toThrow(
      'Konfiguration: CLICKHOUSE_READER_ONLY="1" braucht CLICKHOUSE_READ_USER und CLICKHOUSE_READ_PASSWORD',
    );
  });
});

it('is read once per environment', () => {
  const env = { LAGEBILD_PORT: '4000' };
  const first = loadConfig(env);
  env.LAGEBILD_PORT = '5000';
  expect(loadConfig(env)).toBe(first);
  expect(first.dashboard.port).toBe(4000);
});

interface TableRow {
  variables: string[];
  /** Per variable: the default where the table gives it literally. */
  literal: Map<string, string>;
}

/** The README's configuration table: `| variable | default | meaning |`. */
function readmeTable(): TableRow[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]!.split(/^#{2,3} /m)[0]!;
  const lines = section.split('\n').filter((l) => l.startsWith('| '));
  expect(lines[0]).toBe('| variable | default | meaning |');
  return lines.slice(2).map((line) => {
    const [names = '', defaults = ''] = line
      .slice(2, -2)
      .split(/ (?<!\\)\| /)
      .map((c) => c.trim());
    const variables = names.split(' / ').map((n) => {
      expect(n, line).toMatch(/^`[A-Z][A-Z0-9_]*`$/);
      return n.slice(1, -1);
    });
    const parts = defaults.split(' / ');
    const literal = new Map<string, string>();
    variables.forEach((name, i) => {
      const cell = parts.length === variables.length ? parts[i]! : defaults;
      // One code span, perhaps with a note in brackets: "`1073741824` (1 GiB)".
      const value = /^`([^`]+)`( \(.*\))?$/.exec(cell)?.[1];
      if (value !== undefined) literal.set(name, value);
    });
    return { variables, literal };
  });
}

describe("the README's configuration table", () => {
  const rows = readmeTable();
  const documented = rows.flatMap((r) => r.variables);
  const schemaDefaults = environmentSchema.parse({}) as Record<string, unknown>;

  it('lists every variable of the schema, and only those, once', () => {
    expect([...documented].sort()).toEqual(Object.keys(environmentSchema.shape).sort());
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('gives the defaults the schema has', () => {
    const literal = new Map(rows.flatMap((r) => [...r.literal]));
    for (const [name, value] of literal)
      expect([name, value]).toEqual([name, String(schemaDefaults[name])]);
    // Every default the schema has is written out (switches are off: "unset").
    for (const [name, value] of Object.entries(schemaDefaults))
      if (value !== false) expect([name, literal.get(name)]).toEqual([name, String(value)]);
  });
});
