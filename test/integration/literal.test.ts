import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const HOSTILE = [
  "O'Brien",
  "'; DROP TABLE visits; --",
  "\\'; DROP TABLE visits; --",
  'back\\slash at the end\\',
  '\\',
  "''",
  'NUL\0inside',
  'line\nbreak\r\nand\ttab',
  '\u0001\u001f\u007f control',
  'Größe, Straße, Übergabe – „Zitat“',
  '日本語 and emoji 🚗🛂',
  '$1 {name:String} ? %s',
  '`backtick` "double"',
  '\\x27 \\0 \\n literal escapes',
  '',
];

describe('literal formatter against real ClickHouse', () => {
  it.each(HOSTILE)('string %j comes back unchanged', async (s) => {
    const rows = await db.reader.query<{ v: string }>(sql`SELECT ${lit.string(s)} AS v`);
    expect(rows).toEqual([{ v: s }]);
  });

  it('a hostile string stored and read back leaves the tables intact', async () => {
    const s = "x'); DROP TABLE annotations; --";
    await db.admin.command(
      sql`INSERT INTO annotations (id, date, title, site, team, service, deleted, version) VALUES (${lit.string('a1')}, ${lit.date('2026-03-02')}, ${lit.string(s)}, '', '', '', 0, 1)`,
    );
    const rows = await db.reader.query<{ title: string }>(
      sql`SELECT title FROM annotations WHERE title = ${lit.string(s)}`,
    );
    expect(rows).toEqual([{ title: s }]);
  });

  it('arrays of strings round-trip', async () => {
    const items = ["a'b", 'c\\d', 'e\nf'];
    const rows = await db.reader.query<{ v: string[] }>(
      sql`SELECT ${lit.array(items, lit.string)} AS v`,
    );
    expect(rows[0]?.v).toEqual(items);
  });

  it('dates, date-times and integers round-trip', async () => {
    const rows = await db.reader.query<{ d: string; t: string; i: number; u: string }>(
      sql`SELECT toString(${lit.date('2026-10-25')}) AS d, toString(${lit.dateTime(new Date('2026-10-25T00:30:00Z'))}) AS t, ${lit.int(-42)} AS i, toString(${lit.uint(2n ** 63n)}) AS u`,
    );
    expect(rows).toEqual([
      { d: '2026-10-25', t: '2026-10-25 00:30:00', i: -42, u: '9223372036854775808' },
    ]);
  });
});

describe('literal formatter refuses what it cannot render safely', () => {
  it('rejects malformed and impossible dates', () => {
    expect(() => lit.date("2026-01-01'); DROP TABLE visits; --")).toThrow(/YYYY-MM-DD/);
    expect(() => lit.date('2026-02-30')).toThrow();
    expect(() => lit.date('26-1-1')).toThrow();
  });
  it('rejects non-integers and out-of-range numbers', () => {
    expect(() => lit.int(1.5)).toThrow(/safe integer/);
    expect(() => lit.int(Number.NaN)).toThrow();
    expect(() => lit.uint(-1)).toThrow(/out of range/);
    expect(() => lit.float(Infinity)).toThrow();
    expect(() => lit.dateTime(new Date('nonsense'))).toThrow();
  });
  it('accepts only listed enum values', () => {
    expect(lit.enumValue(['visit', 'call'], 'call').toString()).toBe("'call'");
    expect(() => lit.enumValue(['visit', 'call'], "call' OR 1=1")).toThrow(/not one of/);
  });
  it('rejects lone surrogates and identifiers with anything but [A-Za-z0-9_]', () => {
    expect(() => lit.string('\ud800')).toThrow(/surrogate/);
    expect(() => ident('visits; DROP')).toThrow();
    expect(() => ident('a`b')).toThrow();
    expect(ident('visits').toString()).toBe('`visits`');
  });
  it('sql`` refuses raw interpolated values', () => {
    const raw = '1; DROP TABLE visits' as unknown as ReturnType<typeof lit.int>;
    expect(() => sql`SELECT ${raw}`).toThrow(/interpolate only/);
  });
});
