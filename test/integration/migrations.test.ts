import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseConfig } from '../../warehouse/config.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { loadMigrations, migrate, splitStatements } from '../../warehouse/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('migrations', () => {
  it('create every table and record each migration once', async () => {
    const tables = await db.admin.query<{ name: string }>(
      sql`SELECT name FROM system.tables WHERE database = ${lit.string(db.name)} ORDER BY name`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'annotations',
        'calls',
        'emails',
        'rejects',
        'roster',
        'schema_migrations',
        'service_catalog',
        'visits',
      ]),
    );
    const recorded = await db.admin.query<{ version: number }>(
      sql`SELECT version FROM schema_migrations ORDER BY version`,
    );
    expect(recorded.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('running them again is a no-op', async () => {
    const again = await migrate({ database: db.name });
    expect(again.applied).toEqual([]);
    expect(again.skipped).toBe(loadMigrations().length);
    const [row] = await db.admin.query<{ n: number }>(
      sql`SELECT count() AS n FROM schema_migrations`,
    );
    expect(Number(row?.n)).toBe(loadMigrations().length);
  });

  it('refuses to continue when an applied migration was edited afterwards', async () => {
    await db.admin.command(
      sql`ALTER TABLE schema_migrations UPDATE checksum = 'edited' WHERE version = 1`,
    );
    await expect
      .poll(
        async () =>
          (
            await db.admin.query<{ c: string }>(
              sql`SELECT checksum AS c FROM schema_migrations WHERE version = 1`,
            )
          )[0]?.c,
      )
      .toBe('edited');
    await expect(migrate({ database: db.name })).rejects.toThrow(/verändert/);
  });

  it('splits statements on ";" at line ends and ignores comment lines', () => {
    expect(
      splitStatements(
        "-- a comment; with semicolon\nCREATE TABLE a (x String DEFAULT ';');\n\nSELECT 1;\n",
      ),
    ).toEqual(["CREATE TABLE a (x String DEFAULT ';')", 'SELECT 1']);
  });
});

// Against an external server (CLICKHOUSE_URL) all roles may share one user; the split is ours
// to check on the managed server and on the embedded engine, whose sessions get the same profiles.
const config = warehouseConfig();
describe.runIf(config.managed || config.engine === 'chdb')('least privilege', () => {
  it('the reader may read but not write, alter or drop', async () => {
    expect(await db.reader.query(sql`SELECT count() AS n FROM visits`)).toEqual([{ n: 0 }]);
    await expect(db.reader.command(sql`DROP TABLE visits`)).rejects.toThrow(/readonly/);
    await expect(
      db.reader.insert('annotations', [
        {
          id: 'x',
          date: '2026-01-01',
          title: 't',
          site: '',
          team: '',
          service: '',
          deleted: 0,
          version: 1,
        },
      ]),
    ).rejects.toThrow(/readonly/);
    await expect(db.reader.command(sql`ALTER TABLE visits DELETE WHERE 1`)).rejects.toThrow(
      /readonly/,
    );
  });
  it('the reader cannot raise its own limits', async () => {
    await expect(db.reader.command(sql`SET max_result_rows = 0`)).rejects.toThrow(/readonly/);
  });
  it('the ingest user may insert but not create, alter or drop', async () => {
    await db.ingest.insert('annotations', [
      {
        id: 'x',
        date: '2026-01-01',
        title: 't',
        site: '',
        team: '',
        service: '',
        deleted: 0,
        version: 1,
      },
    ]);
    await expect(db.ingest.command(sql`DROP TABLE visits`)).rejects.toThrow(
      /DDL queries are prohibited|Not enough privileges/,
    );
    await expect(db.ingest.command(sql`CREATE TABLE x (a UInt8) ENGINE = Memory`)).rejects.toThrow(
      /DDL queries are prohibited|Not enough privileges/,
    );
  });
});
