import { Option, type Command } from 'commander';
import { randomBytes } from 'node:crypto';
import {
  addUser,
  readUsers,
  removeUser,
  ROLE_LABELS,
  ROLES,
  type Role,
} from '../../dashboard/server/user-store.ts';
import { UsageError } from '../args.ts';

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
    .action((name: string, opts: { role: Role; password?: string }) => {
      const password = opts.password ?? randomBytes(12).toString('base64url');
      try {
        addUser(name, opts.role, password);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      console.log(`Benutzer "${name}" (${ROLE_LABELS[opts.role]}) angelegt.`);
      if (!opts.password) console.log(`Passwort: ${password}`);
    });
  user
    .command('list')
    .description('zeigt die Benutzer')
    .action(() => {
      for (const u of readUsers())
        console.log(`${u.name.padEnd(20)} ${ROLE_LABELS[u.role].padEnd(16)} seit ${u.createdAt}`);
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
