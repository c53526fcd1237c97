import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import {
  addUser,
  readUsers,
  removeUser,
  ROLE_LABELS,
  setSites,
  ROLES,
  type Role,
} from '../../dashboard/server/user-store.ts';
import { describeSites, parseSiteList, type SiteSet } from '../../domain/sites/site-access.ts';
import { UsageError } from '../args.ts';

function sitesOption(text: string): SiteSet {
  try {
    return parseSiteList(text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('Benutzer des Dashboards verwalten');
  user
    .command('add')
    .description(
      'legt einen Benutzer an; ohne --password wird ein zufälliges Passwort erzeugt und einmal angezeigt',
    )
    .argument('<name>', 'Benutzername (a–z, 0–9, ".", "_", "-")')
    .addOption(new Option('--role <role>', 'Rolle').choices(ROLES).makeOptionMandatory())
    .option('--password <password>', 'Passwort (mindestens 12 Zeichen); besser weglassen')
    .option(
      '--sites <codes>',
      'Standorte, die der Benutzer sieht, durch Komma getrennt (z. B. offenbach,dietzenbach), oder all',
      'all',
    )
    .action((name: string, opts: { role: Role; password?: string; sites: string }) => {
      const password = opts.password ?? randomBytes(12).toString('base64url');
      const sites = sitesOption(opts.sites);
      try {
        addUser(name, opts.role, password, undefined, sites);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      console.log(
        `Benutzer "${name}" (${ROLE_LABELS[opts.role]}, Standorte: ${describeSites(sites)}) angelegt.`,
      );
      if (!opts.password) console.log(`Passwort: ${password}`);
    });
  user
    .command('list')
    .description('zeigt die Benutzer')
    .action(() => {
      for (const u of readUsers())
        console.log(
          `${u.name.padEnd(20)} ${ROLE_LABELS[u.role].padEnd(16)} Standorte ${describeSites(u.sites).padEnd(24)} seit ${u.createdAt}`,
        );
    });
  user
    .command('sites')
    .description('legt fest, welche Standorte ein Benutzer sieht (gilt ab der nächsten Anmeldung)')
    .argument('<name>')
    .argument('<codes>', 'Standorte durch Komma getrennt, oder all')
    .action((name: string, codes: string) => {
      const sites = sitesOption(codes);
      if (!setSites(name, sites)) throw new UsageError(`kein Benutzer "${name}"`);
      console.log(`Benutzer "${name}": Standorte ${describeSites(sites)}.`);
    });
  user
    .command('remove')
    .description('löscht einen Benutzer')
    .argument('<name>')
    .action((name: string) => {
      if (!removeUser(name)) throw new UsageError(`kein Benutzer "${name}"`);
      console.log(`Benutzer "${name}" gelöscht.`);
    });
}
