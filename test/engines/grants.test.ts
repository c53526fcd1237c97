import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../warehouse/client.ts';
import { warehouseConfig, type Role } from '../../warehouse/config.ts';
import { grants, GrantsInputError, grantsScript, type RoleGrants } from '../../warehouse/grants.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { splitStatements } from '../../warehouse/migrate.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { MANAGED_RESOURCES, ROLE_LIMITS, roleSettings } from '../../warehouse/role-profiles.ts';

// The embedded engine has no writable access storage: the statements cannot run there, so they
// are checked on the current engine's parser and against its list of settings and privileges.
let engine: Warehouse;
beforeAll(() => {
  engine = new Warehouse(warehouseConfig(), 'admin', 'system');
});
afterAll(async () => {
  await engine?.close();
});

async function formatted(statement: string): Promise<string> {
  const [row] = await engine.query<{ f: string }>(
    sql`SELECT formatQuery(${lit.string(statement)}) AS f`,
  );
  return row?.f ?? '';
}

const g = grants({ database: 'lagebild_x', prefix: 'lagebild' });
const of = (role: Role): RoleGrants => g.roles.find((r) => r.role === role)!;
const statementsOf = (role: Role) => of(role).statements.map(String);

describe('lagebild db grants', () => {
  it('every statement parses on ClickHouse 26.x, one statement each', async () => {
    for (const s of g.roles.flatMap((r) => r.statements.map(String)))
      expect(await formatted(s), s).toMatch(/^(CREATE|GRANT) /);
  });

  it('every setting in the profiles exists on the current engine', async () => {
    const names = [...new Set(g.roles.flatMap((r) => roleSettings(r.role).map(([k]) => k)))];
    const known = await engine.query<{ name: string }>(
      sql`SELECT name FROM system.settings WHERE name IN ${lit.inList(names, lit.string)}`,
    );
    expect(known.map((k) => k.name).sort()).toEqual([...names].sort());
  });

  it('each profile has the role settings of role-profiles.ts, never the managed resources', async () => {
    for (const r of g.roles) {
      const profile = await formatted(statementsOf(r.role)[0]!);
      for (const [key, value] of roleSettings(r.role))
        expect(profile).toContain(
          typeof value === 'number' ? `${key} = ${value}` : `${key} = '${value}'`,
        );
      for (const key of Object.keys(MANAGED_RESOURCES[r.role])) expect(profile).not.toContain(key);
    }
  });

  it('the reader profile is readonly = 1 with the limits of ROLE_LIMITS', async () => {
    const profile = await formatted(statementsOf('reader')[0]!);
    expect(profile).toMatch(/^CREATE SETTINGS PROFILE OR REPLACE `?lagebild_reader_profile`? /);
    expect(profile).toContain('readonly = 1');
    expect(profile).toContain(`max_execution_time = ${ROLE_LIMITS.reader.max_execution_time}`);
    expect(profile).toContain(`max_result_rows = ${ROLE_LIMITS.reader.max_result_rows}`);
    expect(profile).toContain(`result_overflow_mode = 'throw'`);
    expect(await formatted(statementsOf('ingest')[0]!)).toContain('allow_ddl = 0');
  });

  it('grants: admin all on the database only, ingest SELECT and INSERT, reader SELECT', async () => {
    const grantOf = async (role: Role) => {
      const list = statementsOf(role).filter((s) => s.startsWith('GRANT'));
      expect(list).toHaveLength(1);
      return formatted(list[0]!);
    };
    expect(await grantOf('admin')).toBe('GRANT ALL ON lagebild_x.* TO lagebild_admin_role');
    expect(await grantOf('ingest')).toBe(
      'GRANT SELECT, INSERT ON lagebild_x.* TO lagebild_ingest_role',
    );
    expect(await grantOf('reader')).toBe('GRANT SELECT ON lagebild_x.* TO lagebild_reader_role');
    for (const role of ['ingest', 'reader'] as const)
      for (const s of statementsOf(role).filter((s) => s.startsWith('GRANT')))
        expect(s).not.toMatch(/\b(CREATE|ALTER|DROP|TRUNCATE|ALL)\b/);
    // ALL on one database covers migrate's CREATE DATABASE only because it is a database-level privilege.
    const [level] = await engine.query<{ level: string }>(
      sql`SELECT toString(level) AS level FROM system.privileges WHERE privilege = ${lit.string('CREATE DATABASE')}`,
    );
    expect(level?.level).toBe('DATABASE');
  });

  it('each user has its role as default role and its profile, and only the password hash', async () => {
    for (const r of g.roles) {
      const user = await formatted(statementsOf(r.role)[3]!);
      const hash = createHash('sha256').update(r.password).digest('hex');
      expect(user).toBe(
        `CREATE USER OR REPLACE ${r.user} IDENTIFIED WITH sha256_hash BY '${hash}' DEFAULT ROLE ${r.user}_role SETTINGS PROFILE \`${r.user}_profile\``,
      );
      expect(statementsOf(r.role).join('\n')).not.toContain(r.password);
    }
  });

  it('the script is the statements with comments, and its environment lines configure Lagebild', () => {
    const script = grantsScript(g);
    expect(script.startsWith('-- ')).toBe(true);
    expect(splitStatements(script)).toEqual(g.roles.flatMap((r) => r.statements.map(String)));
    const lines = script.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => !l.endsWith(';')).every((l) => l.startsWith('-- '))).toBe(true);
    const env = Object.fromEntries(
      lines.flatMap((l) => {
        const m = /^-- (CLICKHOUSE_[A-Z_]+)=(\S+)$/.exec(l);
        return m ? [[m[1], m[2]]] : [];
      }),
    );
    // The operator puts the server's address in place of the placeholder.
    expect(env.CLICKHOUSE_URL).toBe('http://<Server>:8123');
    const config = warehouseConfig({ ...env, CLICKHOUSE_URL: 'http://clickhouse.example:8123' });
    expect(config).toMatchObject({ engine: 'server', managed: false, database: 'lagebild_x' });
    expect(config.credentials).toEqual(
      Object.fromEntries(g.roles.map((r) => [r.role, { user: r.user, password: r.password }])),
    );
    // The plain passwords only after the last statement: in no statement sent to the server.
    const lastStatementEnd = script.lastIndexOf(';');
    for (const r of g.roles) expect(script.indexOf(r.password)).toBeGreaterThan(lastStatementEnd);
  });

  it('two runs draw different passwords', () => {
    const again = grants({ database: 'lagebild_x', prefix: 'lagebild' });
    for (const r of again.roles) {
      expect(r.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(r.password).not.toBe(of(r.role).password);
    }
  });

  it.each(['x; DROP', 'x`y', "x'y", 'lagebild-x', '1abc', '', 'x\n', 'Bürger', 'a'.repeat(65)])(
    'refuses %j as database or prefix',
    (name) => {
      expect(() => grants({ database: name, prefix: 'lagebild' })).toThrow(GrantsInputError);
      expect(() => grants({ database: name, prefix: 'lagebild' })).toThrow(/Datenbank/);
      expect(() => grants({ database: 'lagebild', prefix: name })).toThrow(/Präfix/);
    },
  );
});

function lagebild(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx lagebild db grants', () => {
  it('prints the SQL on stdout, starting with comments, and notes on stderr', () => {
    const r = lagebild('db', 'grants', '--database', 'lagebild_x');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^-- Lagebild: /);
    expect(r.out).toContain('GRANT SELECT ON `lagebild_x`.* TO `lagebild_reader_role`;');
    expect(r.out).toMatch(/^-- CLICKHOUSE_READ_PASSWORD=\S{24}$/m);
    expect(r.err).toMatch(/Passwörter/);
  });

  it('refuses a hostile --database with one German line and exit code 2, printing no SQL', () => {
    const r = lagebild('db', 'grants', '--database', 'x; DROP');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim()).toBe(
      'Fehler: Datenbank "x; DROP" ist kein einfacher Bezeichner (Buchstaben, Ziffern und _, nicht mit einer Ziffer am Anfang, höchstens 64 Zeichen).',
    );
  });
});
