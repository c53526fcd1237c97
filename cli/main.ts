import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config/environment.ts';
import { WarehouseUnreachableError } from '../warehouse/client.ts';
import { ServerMissingError } from '../warehouse/local-server.ts';
import { UsageError } from './args.ts';

const program = new Command('lagebild')
  .description(
    'Lagebild – Controlling für das Bürgerbüro: Besuche, 115-Anrufe und E-Mails in ClickHouse',
  )
  .showHelpAfterError('(lagebild --help zeigt alle Befehle)')
  .exitOverride();

// Before any command runs (not for --help), so a wrong setting stops it with every problem
// named at once rather than in the middle of its work.
let debug = false;
program.hook('preAction', () => {
  debug = loadConfig().debug;
});

type Register = (program: Command) => void;

// Each command's module is loaded only when that command runs: the supervised dashboard and
// ingest processes then start without loading the importer, the forecast and the rest
// (about 1.5 s less per restart). Help and unknown commands load them all.
const COMMANDS: ReadonlyArray<[names: string[], load: () => Promise<Register>]> = [
  [['serve'], async () => (await import('./commands/serve.ts')).registerServe],
  [['db'], async () => (await import('./commands/db.ts')).registerDb],
  [['cluster'], async () => (await import('./commands/cluster.ts')).registerCluster],
  [['dashboard'], async () => (await import('./commands/dashboard.ts')).registerDashboard],
  [['migrate'], async () => (await import('./commands/migrate.ts')).registerMigrate],
  [['generate'], async () => (await import('./commands/generate.ts')).registerGenerate],
  [['forecast', 'staffing'], async () => (await import('./commands/forecast.ts')).registerForecast],
  [['ingest'], async () => (await import('./commands/ingest.ts')).registerIngest],
  [['import'], async () => (await import('./commands/import.ts')).registerImport],
  [['rollups'], async () => (await import('./commands/rollups.ts')).registerRollups],
  [['retention'], async () => (await import('./commands/retention.ts')).registerRetention],
  [['token'], async () => (await import('./commands/token.ts')).registerToken],
  [['user'], async () => (await import('./commands/user.ts')).registerUser],
  [['briefing'], async () => (await import('./commands/briefing.ts')).registerBriefing],
];

const chosen = COMMANDS.filter(([names]) => names.includes(process.argv[2] ?? ''));
for (const [, load] of chosen.length ? chosen : COMMANDS) (await load())(program);

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
  } else if (
    err instanceof UsageError ||
    err instanceof ServerMissingError ||
    err instanceof ConfigError
  ) {
    console.error(`Fehler: ${err.message}`);
    process.exitCode = 2;
  } else if (err instanceof WarehouseUnreachableError) {
    console.error(`Fehler: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`Fehler: ${(err as Error).message}`);
    if (debug) console.error(err);
    process.exitCode = 1;
  }
}
