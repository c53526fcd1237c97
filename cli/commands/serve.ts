import type { Command } from 'commander';
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import { loadServiceCatalog } from '../../ingest/catalog/service-catalog.ts';
import { connectWarehouse } from '../../warehouse/client.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { syncServiceCatalog } from '../../warehouse/service-catalog-sync.ts';
import { tableStats } from '../../warehouse/table-stats.ts';
import { intArg } from '../args.ts';
import { progressBar } from '../progress.ts';

interface ServeOptions {
  demo: boolean;
  demoYears: number;
  seed: number;
}

/** Three years back to yesterday: the morning briefing always has a "yesterday". */
function demoRange(years: number): { from: LocalDate; to: LocalDate } {
  const today = berlinDate(new Date());
  const to = addDays(today, -1);
  const from = `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
  return { from, to };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'startet ClickHouse, spielt Migrationen ein und lädt bei leerer Datenbank Demodaten',
    )
    .option('--demo', 'bei leerer Datenbank realistische Demodaten laden', false)
    .option('--demo-years <n>', 'Jahre Demodaten', intArg, 3)
    .option('--seed <n>', 'Seed der Demodaten', intArg, 42)
    .action(async (opts: ServeOptions) => {
      await ensureWarehouse();
      const migrated = await migrate({ log: console.log });
      if (migrated.applied.length)
        console.log(`Schema eingerichtet (${migrated.applied.length} Migrationen).`);
      const wh = await connectWarehouse({ role: 'admin', logVersion: true });
      try {
        await syncServiceCatalog(wh, loadServiceCatalog());
        const before = await tableStats(wh);
        const hasEvents = before.some(
          (t) => ['visits', 'calls', 'emails'].includes(t.table) && t.rows > 0,
        );
        if (opts.demo && !hasEvents) {
          const range = demoRange(opts.demoYears);
          console.log(`Lade Demodaten ${range.from} bis ${range.to} (Seed ${opts.seed}) …`);
          const started = Date.now();
          let bar: ReturnType<typeof progressBar> | undefined;
          const done = await loadDemoData(wh, { ...range, seed: opts.seed }, (p) => {
            bar ??= progressBar('Demodaten', p.totalDays, 'Tage');
            bar.update(p.days, p.events);
          });
          bar?.stop();
          console.log(
            `${done.events.toLocaleString('de-DE')} Ereignisse in ${((Date.now() - started) / 1000).toFixed(1)} s geladen.`,
          );
        } else if (opts.demo) {
          console.log('Datenbank enthält bereits Ereignisse – keine Demodaten geladen.');
        }
        console.log('\nTabelle       Zeilen      von         bis');
        for (const t of await tableStats(wh)) {
          console.log(
            `${t.table.padEnd(12)} ${t.rows.toLocaleString('de-DE').padStart(10)}  ${t.firstDay ?? '–'.padEnd(10)}  ${t.lastDay ?? '–'}`,
          );
        }
        console.log(
          `\nClickHouse läuft unter ${wh.url} (Datenbank ${wh.database}). Beenden mit: npx lagebild db stop`,
        );
      } finally {
        await wh.close();
      }
    });
}
