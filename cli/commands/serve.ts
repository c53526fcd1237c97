import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoRange } from '../../demo/demo-range.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import { rebuildRollups, rollupsMissing } from '../../queries/rollups/rebuild.ts';
import { addToken, removeToken } from '../../ingest/auth/token-store.ts';
import { ingestConfig } from '../../ingest/config.ts';
import { startIngestService, type IngestService } from '../../ingest/service.ts';
import { connectWarehouse, type Warehouse } from '../../warehouse/client.ts';
import { prepareWarehouse } from '../../warehouse/prepare.ts';
import { tableStats } from '../../warehouse/table-stats.ts';
import { intArg } from '../args.ts';
import { existsSync } from 'node:fs';
import { ensureDashboardBuilt, startDashboard } from '../../dashboard/server/start-dashboard.ts';
import { initialCredentialsFile } from '../../dashboard/server/user-store.ts';
import { progressBar } from '../progress.ts';

interface ServeOptions {
  demo: boolean;
  demoYears: number;
  seed: number;
}

const DEMO_TOKEN = 'demo-generator';

async function loadDemo(ingest: IngestService, wh: Warehouse, opts: ServeOptions): Promise<void> {
  const range = demoRange(opts.demoYears);
  console.log(
    `Lade Demodaten ${range.from} bis ${range.to} (Seed ${opts.seed}) über den Ingest-Dienst …`,
  );
  // A fresh token each time: the old one's clear text is gone by design.
  removeToken(DEMO_TOKEN, 'ingest');
  const token = addToken({ name: DEMO_TOKEN, scope: 'ingest', source: 'demo' });
  const started = Date.now();
  let bar: ReturnType<typeof progressBar> | undefined;
  const done = await loadDemoData(
    { ingestUrl: ingest.url, token, wh },
    { ...range, seed: opts.seed, now: new Date() },
    (p) => {
      bar ??= progressBar('Demodaten', p.totalDays, 'Tage');
      bar.update(p.days, p.events);
    },
  );
  bar?.stop();
  while (!ingest.settled()) await sleep(100);
  removeToken(DEMO_TOKEN, 'ingest');
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${done.events.toLocaleString('de-DE')} Ereignisse in ${seconds.toFixed(1)} s geladen (${Math.round(done.events / seconds).toLocaleString('de-DE')}/s)` +
      (done.rejected ? `, ${done.rejected} abgewiesen (siehe Datenqualität).` : '.'),
  );
}

async function printSummary(wh: Warehouse): Promise<void> {
  console.log('\nTabelle       Zeilen      von         bis');
  for (const t of await tableStats(wh)) {
    console.log(
      `${t.table.padEnd(12)} ${t.rows.toLocaleString('de-DE').padStart(10)}  ${(t.firstDay ?? '–').padEnd(10)}  ${t.lastDay ?? '–'}`,
    );
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'startet ClickHouse, spielt Migrationen ein, startet den Ingest-Dienst und lädt bei leerer Datenbank Demodaten',
    )
    .option('--demo', 'bei leerer Datenbank realistische Demodaten laden', false)
    .option('--demo-years <n>', 'Jahre Demodaten', intArg, 3)
    .option('--seed <n>', 'Seed der Demodaten', intArg, 42)
    .action(async (opts: ServeOptions) => {
      const migrated = await prepareWarehouse();
      if (migrated.applied.length)
        console.log(`Schema eingerichtet (${migrated.applied.length} Migrationen).`);
      const admin = await connectWarehouse({ role: 'admin', logVersion: true });
      const before = await tableStats(admin);
      if (await rollupsMissing(admin)) {
        console.log('Tagesaggregate fehlen – werden aus den Rohdaten berechnet …');
        await rebuildRollups(admin, {});
      }
      await admin.close();

      const config = ingestConfig();
      const ingest = await startIngestService(config);
      console.log(
        `Ingest-Dienst: ${ingest.url}/v1/events (Tokens: npx lagebild token add --scope ingest --name NAME)`,
      );
      const wh = await connectWarehouse({ role: 'ingest' });
      try {
        const hasEvents = before.some(
          (t) => ['visits', 'calls', 'emails'].includes(t.table) && t.rows > 0,
        );
        if (opts.demo && !hasEvents) await loadDemo(ingest, wh, opts);
        else if (opts.demo)
          console.log('Datenbank enthält bereits Ereignisse – keine Demodaten geladen.');
        await printSummary(wh);
      } finally {
        await wh.close();
      }
      ensureDashboardBuilt();
      const dashboard = await startDashboard();
      console.log(`\nDashboard: ${dashboard.url}`);
      console.log(
        existsSync(initialCredentialsFile())
          ? `Anmelden als "admin", Passwort in ${initialCredentialsFile()} (weitere Benutzer: npx lagebild user add NAME --role leitung|team|planung|admin)`
          : 'Anmelden mit Ihrem Benutzer (neue Benutzer: npx lagebild user add NAME --role leitung|team|planung|admin)',
      );
      console.log(
        'Lagebild läuft. Beenden mit Strg+C; ClickHouse stoppen mit: npx lagebild db stop',
      );
      await new Promise<void>((resolve) => {
        const stop = async () => {
          console.log('\nBeende: nehme nichts mehr an, schreibe den Spool nach ClickHouse …');
          await new Promise((r) => dashboard.server.close(r));
          await ingest.shutdown();
          resolve();
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      });
    });
}
