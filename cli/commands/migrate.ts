import type { Command } from 'commander';
import { prepareWarehouse } from '../../warehouse/prepare.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('spielt ausstehende Schema-Migrationen ein (zweimal ausgeführt ändert nichts)')
    .action(async () => {
      const result = await prepareWarehouse();
      console.log(
        result.applied.length === 0
          ? `Schema ist aktuell (${result.skipped} Migrationen bereits eingespielt).`
          : `${result.applied.length} Migration(en) eingespielt: ${result.applied.join(', ')}`,
      );
    });
}
