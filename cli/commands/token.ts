import { Option, type Command } from 'commander';
import {
  addToken,
  readTokens,
  removeToken,
  TOKEN_SCOPES,
  type TokenScope,
} from '../../ingest/auth/token-store.ts';
import { UsageError } from '../args.ts';

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('API-Tokens verwalten (gespeichert wird nur ein Hash)');
  token
    .command('add')
    .description('erzeugt ein Token und zeigt es genau einmal an')
    .addOption(
      new Option('--scope <scope>', 'ingest (Ereignisse senden) oder read (Lese-API)')
        .choices(TOKEN_SCOPES)
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'Name des Tokens, z. B. das sendende System')
    .option(
      '--source <source>',
      'Quelle, unter der die Ereignisse gezählt werden (Standard: der Name)',
    )
    .action((opts: { scope: TokenScope; name: string; source?: string }) => {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(opts.name))
        throw new UsageError('--name: 1–64 Zeichen aus Buchstaben, Ziffern, ".", "_" oder "-"');
      try {
        const value = addToken({ name: opts.name, scope: opts.scope, source: opts.source });
        console.log(value);
        console.error(
          `Token "${opts.name}" (${opts.scope}) angelegt. Es wird nur jetzt angezeigt – sicher aufbewahren.`,
        );
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    });
  token
    .command('list')
    .description('zeigt die angelegten Tokens (ohne Geheimnis)')
    .action(() => {
      for (const t of readTokens())
        console.log(
          `${t.scope.padEnd(7)} ${t.name.padEnd(24)} Quelle ${t.source.padEnd(20)} seit ${t.createdAt}`,
        );
    });
  token
    .command('remove')
    .description('widerruft ein Token')
    .addOption(new Option('--scope <scope>').choices(TOKEN_SCOPES).makeOptionMandatory())
    .requiredOption('--name <name>')
    .action((opts: { scope: TokenScope; name: string }) => {
      if (!removeToken(opts.name, opts.scope))
        throw new UsageError(`kein ${opts.scope}-Token "${opts.name}"`);
      console.log(`Token "${opts.name}" widerrufen.`);
    });
}
