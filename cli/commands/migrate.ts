import type { Command } from 'commander';
import { migrate } from '../../warehouse/migrate.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('spielt ausstehende Schema-Migrationen ein (zweimal ausgeführt ändert nichts)')
    .action(async () => {
      await ensureWarehouse();
      const result = await migrate({ log: console.log });
      console.log(
        result.applied.length === 0
          ? `Schema ist aktuell (${result.skipped} Migrationen bereits eingespielt).`
          : `${result.applied.length} Migration(en) eingespielt: ${result.applied.join(', ')}`,
      );
    });
}
