import type { Command } from 'commander';
import { connectWarehouse } from '../../warehouse/client.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { rebuildRollups } from '../../ingest/rollups/rebuild.ts';
import { dateArg } from '../args.ts';

export function registerRollups(program: Command): void {
  const rollups = program.command('rollups').description('Tagesaggregate verwalten');
  rollups
    .command('rebuild')
    .description(
      'berechnet die Tagesaggregate aus den Rohdaten neu (nach einer Änderung von LAGEBILD_SHORT_ABANDON_SECONDS)',
    )
    .option('--from <date>', 'erster Tag (Standard: ältester Tag mit Daten)', dateArg)
    .option('--to <date>', 'letzter Tag (Standard: jüngster Tag mit Daten)', dateArg)
    .action(async (opts: { from?: string; to?: string }) => {
      await ensureWarehouse();
      await migrate();
      const wh = await connectWarehouse({ role: 'admin' });
      try {
        const days = await rebuildRollups(wh, opts, (done, total) =>
          process.stderr.write(`\r${done}/${total} Tage`),
        );
        process.stderr.write('\n');
        console.log(`Tagesaggregate für ${days} Tage neu berechnet.`);
      } finally {
        await wh.close();
      }
    });
}
