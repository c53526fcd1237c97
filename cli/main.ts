import { Command, CommanderError } from 'commander';
import { WarehouseUnreachableError } from '../warehouse/client.ts';
import { ServerMissingError } from '../warehouse/local-server.ts';
import { UsageError } from './args.ts';
import { registerDashboard } from './commands/dashboard.ts';
import { registerDb } from './commands/db.ts';
import { registerForecast } from './commands/forecast.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerRollups } from './commands/rollups.ts';
import { registerServe } from './commands/serve.ts';
import { registerToken } from './commands/token.ts';
import { registerUser } from './commands/user.ts';

const program = new Command('lagebild')
  .description(
    'Lagebild – Controlling für das Bürgerbüro: Besuche, 115-Anrufe und E-Mails in ClickHouse',
  )
  .showHelpAfterError('(lagebild --help zeigt alle Befehle)')
  .exitOverride();

registerServe(program);
registerDb(program);
registerDashboard(program);
registerMigrate(program);
registerGenerate(program);
registerForecast(program);
registerIngest(program);
registerImport(program);
registerRollups(program);
registerToken(program);
registerUser(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are not failures; every other parse error is a usage error (exit 2).
    process.exitCode =
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help'
        ? 0
        : 2;
  } else if (err instanceof UsageError || err instanceof ServerMissingError) {
    console.error(`Fehler: ${err.message}`);
    process.exitCode = 2;
  } else if (err instanceof WarehouseUnreachableError) {
    console.error(`Fehler: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`Fehler: ${(err as Error).message}`);
    if (process.env.LAGEBILD_DEBUG) console.error(err);
    process.exitCode = 1;
  }
}
