import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { demoRange } from '../../demo/demo-range.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import { rebuildRollups, rollupsMissing } from '../../ingest/rollups/rebuild.ts';
import { addToken, removeToken } from '../../auth/token-store.ts';
import { ingestConfig } from '../../ingest/config.ts';
import { connectWarehouse, type Warehouse } from '../../warehouse/client.ts';
import { readerOnlyEnv } from '../../warehouse/config.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { prepareWarehouse } from '../../warehouse/prepare.ts';
import { tableStats, type TableStats } from '../../warehouse/table-stats.ts';
import { offerChromium } from '../../dashboard/server/chromium.ts';
import { ensureDashboardBuilt } from '../../dashboard/server/start-dashboard.ts';
import { initialCredentialsFile } from '../../dashboard/server/user-store.ts';
import { intArg } from '../args.ts';
import { progressBar } from '../progress.ts';
import { waitForIngestSettled } from '../supervise/ingest-settled.ts';
import { onStopSignal } from '../supervise/stop-signals.ts';
import { SupervisedChild } from '../supervise/supervised-child.ts';

interface ServeOptions {
  demo: boolean;
  demoYears: number;
  seed: number;
}

const DEMO_TOKEN = 'demo-generator';
const CLI_ENTRY = join(PROJECT_ROOT, 'cli/lagebild.mjs');
/** What the ingest child may need beyond its flush deadline to close the spool and exit. */
const INGEST_EXIT_GRACE_MS = 5_000;
const DASHBOARD_STOP_TIMEOUT_MS = 10_000;

async function loadDemo(ingestUrl: string, wh: Warehouse, opts: ServeOptions): Promise<void> {
  const range = demoRange(opts.demoYears);
  console.log(
    `Lade Demodaten ${range.from} bis ${range.to} (Seed ${opts.seed}) über den Ingest-Dienst …`,
  );
  // A fresh token each time: the old one's clear text is gone by design.
  removeToken(DEMO_TOKEN, 'ingest');
  const token = addToken({ name: DEMO_TOKEN, scope: 'ingest', source: 'demo' });
  try {
    const started = Date.now();
    let bar: ReturnType<typeof progressBar> | undefined;
    const done = await loadDemoData(
      { ingestUrl, token, wh },
      { ...range, seed: opts.seed, now: new Date() },
      (p) => {
        bar ??= progressBar('Demodaten', p.totalDays, 'Tage');
        bar.update(p.days, p.events);
      },
    );
    bar?.stop();
    console.log('Warte, bis der Ingest-Dienst alles nach ClickHouse geschrieben hat …');
    await waitForIngestSettled(ingestUrl, token);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `${done.events.toLocaleString('de-DE')} Ereignisse in ${seconds.toLocaleString('de-DE', { maximumFractionDigits: 1 })} s geladen (${Math.round(done.events / seconds).toLocaleString('de-DE')}/s)` +
        (done.rejected ? `, ${done.rejected} abgewiesen (siehe Datenqualität).` : '.'),
    );
  } finally {
    removeToken(DEMO_TOKEN, 'ingest');
  }
}

function printSummary(stats: TableStats[]): void {
  console.log('\nTabelle       Zeilen      von         bis');
  for (const t of stats) {
    console.log(
      `${t.table.padEnd(12)} ${t.rows.toLocaleString('de-DE').padStart(10)}  ${(t.firstDay ?? '–').padEnd(10)}  ${t.lastDay ?? '–'}`,
    );
  }
}

function hasEvents(stats: TableStats[]): boolean {
  return stats.some((t) => ['visits', 'calls', 'emails'].includes(t.table) && t.rows > 0);
}

/** Migrations, service catalog and missing rollups, before any child starts. */
async function prepare(): Promise<TableStats[]> {
  const migrated = await prepareWarehouse();
  if (migrated.applied.length)
    console.log(`Schema eingerichtet (${migrated.applied.length} Migrationen).`);
  const admin = await connectWarehouse({ role: 'admin', logVersion: true });
  try {
    const before = await tableStats(admin);
    if (await rollupsMissing(admin)) {
      console.log('Tagesaggregate fehlen – werden aus den Rohdaten berechnet …');
      await rebuildRollups(admin, {});
    }
    return before;
  } finally {
    await admin.close();
  }
}

const HEALTH_TOKEN = 'dashboard-health';
const ANNOTATE_TOKEN = 'dashboard-annotations';

/** A token for the dashboard child, made anew at each start (only its hash is kept). */
function freshToken(name: string, scope: 'metrics' | 'annotate'): string {
  removeToken(name, scope);
  return addToken({ name, scope, source: 'dashboard' });
}

/**
 * The dashboard child's environment: only the read-only ClickHouse user (never the admin's
 * or the ingest user's password), a metrics token, so Datenqualität can show the ingest
 * service's details, and an annotate token, with which it writes annotations through the
 * ingest service.
 */
function dashboardEnv(): NodeJS.ProcessEnv {
  return {
    ...readerOnlyEnv(process.env),
    LAGEBILD_HEALTH_TOKEN: freshToken(HEALTH_TOKEN, 'metrics'),
    LAGEBILD_ANNOTATE_TOKEN: freshToken(ANNOTATE_TOKEN, 'annotate'),
  };
}

function lagebildChild(
  name: string,
  args: string[],
  stopTimeoutMs: number,
  env?: NodeJS.ProcessEnv,
): SupervisedChild {
  return new SupervisedChild({
    name,
    command: process.execPath,
    args: [CLI_ENTRY, ...args],
    stopTimeoutMs,
    ...(env ? { env } : {}),
  });
}

async function startAndFill(
  ingest: SupervisedChild,
  dashboard: SupervisedChild,
  before: TableStats[],
  opts: ServeOptions,
): Promise<void> {
  const [ingestUrl, dashboardUrl] = await Promise.all([ingest.start(), dashboard.start()]);
  console.log('Neue Quellen anbinden: npx lagebild token add --scope ingest --name NAME');
  const wh = await connectWarehouse({ role: 'ingest' });
  try {
    if (opts.demo && !hasEvents(before)) await loadDemo(ingestUrl, wh, opts);
    else if (opts.demo)
      console.log('Datenbank enthält bereits Ereignisse – keine Demodaten geladen.');
    printSummary(await tableStats(wh));
  } finally {
    await wh.close();
  }
  console.log(`\nDashboard: ${dashboardUrl}`);
  console.log(
    existsSync(initialCredentialsFile())
      ? `Anmelden als "admin", Passwort in ${initialCredentialsFile()} (weitere Benutzer: npx lagebild user add NAME --role leitung|team|planung|admin)`
      : 'Anmelden mit Ihrem Benutzer (neue Benutzer: npx lagebild user add NAME --role leitung|team|planung|admin)',
  );
  console.log(
    'Lagebild läuft (Ingest-Dienst und Dashboard als eigene Prozesse, bei Absturz neu gestartet). Beenden mit Strg+C; ClickHouse stoppen mit: npx lagebild db stop',
  );
}

async function serve(opts: ServeOptions): Promise<void> {
  offerChromium();
  const before = await prepare();
  ensureDashboardBuilt();
  const ingest = lagebildChild(
    'Ingest-Dienst',
    ['ingest', '--no-migrate'],
    ingestConfig().shutdownDeadlineMs + INGEST_EXIT_GRACE_MS,
  );
  const dashboard = lagebildChild(
    'Dashboard',
    ['dashboard'],
    DASHBOARD_STOP_TIMEOUT_MS,
    dashboardEnv(),
  );
  const stopAll = (signal: NodeJS.Signals = 'SIGTERM') =>
    Promise.all([dashboard.stop(signal), ingest.stop(signal)]);
  let stopping = false;
  const stopped = new Promise<void>((resolve) =>
    onStopSignal((signal) => {
      stopping = true;
      console.log(
        `\n${signal}: beende Dashboard und Ingest-Dienst (der Spool wird nach ClickHouse geschrieben) …`,
      );
      void stopAll(signal).then(() => resolve());
    }),
  );
  const work = startAndFill(ingest, dashboard, before, opts).catch(async (err: unknown) => {
    // Failures caused by the shutdown itself (the demo load losing its service) are no news.
    if (stopping) return;
    await stopAll();
    throw err;
  });
  await Promise.race([work, stopped]);
  await stopped;
  console.log('Lagebild beendet.');
  // The demo load may still be retrying against the stopped ingest service; nothing is left
  // to wait for.
  process.exit(0);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'startet ClickHouse, spielt Migrationen ein, startet Ingest-Dienst und Dashboard als überwachte Prozesse und lädt bei leerer Datenbank Demodaten',
    )
    .option('--demo', 'bei leerer Datenbank realistische Demodaten laden', false)
    .option('--demo-years <n>', 'Jahre Demodaten', intArg, 3)
    .option('--seed <n>', 'Seed der Demodaten', intArg, 42)
    .action(serve);
}
