import { createHash, randomBytes } from 'node:crypto';
import type { Role } from './config.ts';
import { ident, lit, sql, type Sql } from './literal.ts';
import { ROLE_LIMITS, roleSettings, type SettingValue } from './role-profiles.ts';

/** A database name or user prefix that is not a plain identifier. */
export class GrantsInputError extends Error {}

export interface GrantsOptions {
  database: string;
  /** Names the users `<prefix>_admin`, `<prefix>_ingest`, `<prefix>_reader`, like the managed server. */
  prefix: string;
  /** Draws each password; by default 18 random bytes, base64url, as for the managed server. */
  password?: () => string;
}

export interface RoleGrants {
  role: Role;
  user: string;
  password: string;
  /** German comment lines for the operator (without `-- `). */
  comment: string[];
  /** Settings profile, role, its grants, the user: in this order, each needs the one before. */
  statements: Sql[];
}

export interface Grants {
  database: string;
  roles: RoleGrants[];
  /** The environment lines Lagebild reads (warehouse/config.ts); they hold the passwords. */
  env: string[];
}

const WAREHOUSE_ROLES: readonly Role[] = ['admin', 'ingest', 'reader'];

// Short enough that the longest derived name (`<prefix>_ingest_profile`) stays an identifier.
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function plainIdentifier(value: string, what: string): string {
  if (!PLAIN.test(value))
    throw new GrantsInputError(
      `${what} ${JSON.stringify(value)} ist kein einfacher Bezeichner (Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang, höchstens 64 Zeichen).`,
    );
  return value;
}

const PRIVILEGES: Record<Role, Sql> = {
  // ALL on this one database includes CREATE DATABASE for it, which migrate needs.
  admin: sql`ALL`,
  ingest: sql`SELECT, INSERT`,
  reader: sql`SELECT`,
};

function explain(role: Role, database: string): string[] {
  const limits = Object.entries(ROLE_LIMITS[role])
    .map(([key, value]) => `${key} = ${value}`)
    .join(', ');
  switch (role) {
    case 'admin':
      return [
        `Rolle admin: Migrationen und DDL (npx lagebild migrate, serve, rollups). Alle Rechte, aber nur auf ${database}.*;`,
        `das schließt CREATE DATABASE für genau diese Datenbank ein (migrate legt sie mit CREATE DATABASE IF NOT EXISTS an).`,
      ];
    case 'ingest':
      return [
        `Rolle ingest: Ingest-Dienst, Import und Notizen im Dashboard. Darf lesen und einfügen, aber nichts anlegen,`,
        `ändern oder löschen: kein CREATE/ALTER/DROP, dazu im Profil ${limits}.`,
      ];
    case 'reader':
      return [
        `Rolle reader: Dashboard, Lese-API und Prognose. Nur SELECT; das Profil setzt ${limits}.`,
        `readonly = 1 verbietet jede Änderung von Einstellungen, also auch, Laufzeit- und Zeilengrenzen anzuheben.`,
      ];
  }
}

function settingLiteral(value: SettingValue): Sql {
  return typeof value === 'number' ? lit.int(value) : lit.string(value);
}

/** The role's settings as `name = value, ...`: the same list users.xml gets, without the managed server's resources. */
function profileSettings(role: Role): Sql {
  return roleSettings(role)
    .map(([key, value]) => sql`${ident(key)} = ${settingLiteral(value)}`)
    .reduce((list, item) => sql`${list}, ${item}`);
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/**
 * The SQL that gives a current ClickHouse server (SQL access control) the managed server's
 * three least-privilege roles, each as settings profile, role with grants and user. Profiles,
 * roles and users are replaced on every run, so a second run leaves exactly this state, with
 * the new passwords. Passwords enter the statements only as SHA-256.
 */
export function grants(options: GrantsOptions): Grants {
  const database = plainIdentifier(options.database, 'Datenbank');
  const prefix = plainIdentifier(options.prefix, 'Präfix');
  const draw = options.password ?? (() => randomBytes(18).toString('base64url'));
  const db = ident(database);
  const roles = WAREHOUSE_ROLES.map((role): RoleGrants => {
    const user = `${prefix}_${role}`;
    const password = draw();
    const profileName = ident(`${user}_profile`);
    const roleName = ident(`${user}_role`);
    return {
      role,
      user,
      password,
      comment: explain(role, database),
      statements: [
        sql`CREATE SETTINGS PROFILE OR REPLACE ${profileName} SETTINGS ${profileSettings(role)}`,
        sql`CREATE ROLE OR REPLACE ${roleName}`,
        sql`GRANT ${PRIVILEGES[role]} ON ${db}.* TO ${roleName}`,
        // DEFAULT ROLE on CREATE also grants the role.
        sql`CREATE USER OR REPLACE ${ident(user)} IDENTIFIED WITH sha256_hash BY ${lit.string(sha256Hex(password))} DEFAULT ROLE ${roleName} SETTINGS PROFILE ${profileName}`,
      ],
    };
  });
  const [admin, ingest, reader] = roles as [RoleGrants, RoleGrants, RoleGrants];
  return {
    database,
    roles,
    env: [
      'CLICKHOUSE_URL=http://<Server>:8123',
      `CLICKHOUSE_DB=${database}`,
      `CLICKHOUSE_USER=${admin.user}`,
      `CLICKHOUSE_PASSWORD=${admin.password}`,
      `CLICKHOUSE_INGEST_USER=${ingest.user}`,
      `CLICKHOUSE_INGEST_PASSWORD=${ingest.password}`,
      `CLICKHOUSE_READ_USER=${reader.user}`,
      `CLICKHOUSE_READ_PASSWORD=${reader.password}`,
    ],
  };
}

/**
 * The script to run with clickhouse-client: explanations as `-- ` comments, one statement per
 * line ending in `;`, the environment lines last, after the final statement (the only place
 * the passwords appear in plain text).
 */
export function grantsScript(g: Grants): string {
  const comment = (lines: string[]) => lines.map((l) => `-- ${l}`.trimEnd());
  return [
    ...comment([
      `Lagebild: Benutzer, Rollen und Einstellungsprofile für die Datenbank ${g.database} auf einem`,
      'aktuellen ClickHouse-Server (SQL-Zugriffssteuerung), mit denselben drei Rollen wie der von',
      'Lagebild verwaltete Server. Ausführen als Benutzer mit Zugriffsverwaltung, z. B.:',
      '  clickhouse-client --multiquery < lagebild-grants.sql',
      'Ein zweiter Lauf ersetzt Profile, Rollen und Benutzer; dann gelten seine Passwörter.',
      'Die Benutzer dürfen sich von jedem Rechner anmelden; einschränken mit ALTER USER … HOST IP …',
    ]),
    ...g.roles.flatMap((r) => ['', ...comment(r.comment), ...r.statements.map((s) => `${s};`)]),
    '',
    ...comment([
      'Umgebung für Lagebild (CLICKHOUSE_URL auf diesen Server setzen). Enthält die Passwörter:',
      'diese Ausgabe vertraulich behandeln und nach dem Übertragen löschen.',
      ...g.env,
    ]),
    '',
  ].join('\n');
}
