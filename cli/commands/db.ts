import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/environment.ts';
import {
  localServerStatus,
  startLocalServer,
  stopLocalServer,
} from '../../warehouse/local-server.ts';
import { grants, grantsScript, GrantsInputError } from '../../warehouse/grants.ts';
import { UsageError } from '../args.ts';

function requireManaged(config: Config): void {
  if (config.clickhouse.url) {
    throw new UsageError(
      'CLICKHOUSE_URL ist gesetzt: dieser Server wird nicht von Lagebild verwaltet.',
    );
  }
}

export function registerDb(program: Command): void {
  const db = program
    .command('db')
    .description(
      'den lokal verwalteten ClickHouse-Server steuern (.data/clickhouse/) oder Rechte für einen eigenen erzeugen',
    );
  db.command('start')
    .description('startet ClickHouse im Hintergrund (127.0.0.1:18123) und wartet, bis er antwortet')
    .action(async () => {
      requireManaged(loadConfig());
      const result = await startLocalServer();
      console.log(result === 'started' ? 'ClickHouse läuft.' : 'ClickHouse lief bereits.');
    });
  db.command('stop')
    .description('beendet den lokal verwalteten ClickHouse-Server')
    .action(async () => {
      requireManaged(loadConfig());
      console.log(
        (await stopLocalServer()) === 'stopped' ? 'ClickHouse beendet.' : 'ClickHouse lief nicht.',
      );
    });
  db.command('status')
    .description('zeigt, ob der lokale ClickHouse-Server läuft')
    .action(async () => {
      const s = await localServerStatus();
      console.log(s.running ? `ClickHouse läuft (pid ${s.pid}).` : 'ClickHouse läuft nicht.');
      process.exitCode = s.running ? 0 : 3;
    });
  db.command('grants')
    .description(
      'gibt SQL aus, das einem eigenen aktuellen ClickHouse die drei Rollen admin, ingest und reader gibt (Benutzer, Rollen, Profile)',
    )
    .option('--database <name>', 'Datenbank von Lagebild', 'lagebild')
    .option('--prefix <prefix>', 'Präfix der Benutzer, Rollen und Profile', 'lagebild')
    .action((opts: { database: string; prefix: string }) => {
      let script: string;
      try {
        script = grantsScript(grants(opts));
      } catch (err) {
        if (err instanceof GrantsInputError) throw new UsageError(err.message);
        throw err;
      }
      process.stdout.write(script);
      console.error(
        `SQL für Datenbank ${opts.database} ausgegeben (Benutzer ${opts.prefix}_admin, ${opts.prefix}_ingest, ${opts.prefix}_reader).`,
      );
      console.error(
        'Die Passwörter stehen nur in den Umgebungszeilen am Ende: Ausgabe vertraulich behandeln.',
      );
    });
}
