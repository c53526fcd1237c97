import { Option, type Command } from 'commander';
import { narrowestRole } from '../../dashboard/src/lib/access.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import {
  addToken,
  readTokens,
  removeToken,
  TOKEN_SCOPES,
  type TokenScope,
} from '../../auth/token-store.ts';
import { describeSites, parseSiteList, type SiteSet } from '../../domain/sites/site-access.ts';
import { UsageError } from '../args.ts';

export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('API-Tokens verwalten (gespeichert wird nur ein Hash)');
  token
    .command('add')
    .description('erzeugt ein Token und zeigt es genau einmal an')
    .addOption(
      new Option(
        '--scope <scope>',
        'ingest (Ereignisse senden), read (Lese-API), metrics (/metrics und Details von /v1/health) oder annotate (nur Anmerkungen schreiben, für das Dashboard)',
      )
        .choices(TOKEN_SCOPES)
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'Name des Tokens, z. B. das sendende System')
    .option(
      '--source <source>',
      'Quelle, unter der die Ereignisse gezählt werden (Standard: der Name)',
    )
    .addOption(
      new Option(
        '--role <role>',
        `nur für read: Rolle, mit der das Token liest (Standard: ${narrowestRole()}, die engste)`,
      ).choices(ROLES),
    )
    .option(
      '--sites <codes>',
      'nur für read: Standorte, die das Token lesen darf, durch Komma getrennt, oder all (Standard)',
    )
    .action(
      (opts: { scope: TokenScope; name: string; source?: string; role?: Role; sites?: string }) => {
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(opts.name))
          throw new UsageError('--name: 1–64 Zeichen aus Buchstaben, Ziffern, ".", "_" oder "-"');
        if (opts.role !== undefined && opts.scope !== 'read')
          throw new UsageError('--role gilt nur für --scope read');
        if (opts.sites !== undefined && opts.scope !== 'read')
          throw new UsageError('--sites gilt nur für --scope read');
        const role = opts.scope === 'read' ? (opts.role ?? narrowestRole()) : undefined;
        try {
          const sites: SiteSet | undefined =
            opts.sites === undefined ? undefined : parseSiteList(opts.sites);
          const value = addToken({
            name: opts.name,
            scope: opts.scope,
            source: opts.source,
            role,
            sites,
          });
          console.log(value);
          console.error(
            `Token "${opts.name}" (${opts.scope}${role ? `, Rolle ${role}, Standorte ${describeSites(sites ?? 'all')}` : ''}) angelegt. Es wird nur jetzt angezeigt – sicher aufbewahren.`,
          );
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
      },
    );
  token
    .command('list')
    .description('zeigt die angelegten Tokens (ohne Geheimnis)')
    .action(() => {
      // A read token without a role (written before roles) reads as the narrowest one.
      for (const t of readTokens())
        console.log(
          `${t.scope.padEnd(8)} ${t.name.padEnd(24)} Quelle ${t.source.padEnd(20)} Rolle ${(t.scope === 'read' ? (t.role ?? `${narrowestRole()} (Standard)`) : '–').padEnd(20)} Standorte ${(t.scope === 'read' ? describeSites(t.sites ?? 'all') : '–').padEnd(20)} seit ${t.createdAt}`,
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
