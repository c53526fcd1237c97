import type { Command } from 'commander';
import { loadConfig } from '../../config/environment.ts';
import { runRetention, type PartitionDrop } from '../../ingest/retention/retention.ts';
import { connectWarehouse } from '../../warehouse/client.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';

const month = (p: string) => `${p.slice(0, 4)}-${p.slice(4)}`;
const KIND = { events: 'Ereignisse', rollups: 'Aggregate' } as const;

export function registerRetention(program: Command): void {
  const retention = program.command('retention').description('Aufbewahrung alter Daten');
  retention
    .command('run')
    .description(
      'löscht ganze Monate, die vor der Aufbewahrungsfrist liegen (LAGEBILD_RETENTION_YEARS, LAGEBILD_ROLLUP_RETENTION_YEARS)',
    )
    .option('--dry-run', 'nur anzeigen, was gelöscht würde')
    .action(async (opts: { dryRun?: boolean }) => {
      await ensureWarehouse();
      const { eventYears, rollupYears } = loadConfig().retention;
      const wh = await connectWarehouse({ role: 'admin' });
      try {
        const dryRun = opts.dryRun ?? false;
        const plan = await runRetention(wh, {
          eventYears,
          rollupYears,
          cluster: warehouseConfig().cluster,
          dryRun,
          onDrop: (d: PartitionDrop) =>
            console.log(
              `${dryRun ? 'würde löschen' : 'lösche'}: ${d.table} ${month(d.partition)} (${KIND[d.kind]}, ${d.rows.toLocaleString('de-DE')} Zeilen)`,
            ),
        });
        console.log(
          `Aufbewahrung: Ereignisse ab ${plan.eventsFrom} (${eventYears} Jahre), Aggregate ab ${plan.rollupsFrom} (${rollupYears} Jahre). ` +
            (plan.drops.length === 0
              ? 'Nichts zu löschen.'
              : `${plan.drops.length} Monatspartitionen ${dryRun ? 'würden gelöscht (Probelauf, nichts geändert)' : 'gelöscht'}.`),
        );
      } finally {
        await wh.close();
      }
    });
}
