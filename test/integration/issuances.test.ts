import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../ingest/importers/file-import.ts';
import { issuanceMapping } from '../../ingest/importers/issuances.ts';
import { renewalWaves } from '../../queries/forecast/renewal-waves.query.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { sql } from '../../warehouse/literal.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-issuances-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, lines: string[], mtime: Date): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  utimesSync(path, mtime, mtime);
  return path;
}

async function importIssuances(path: string) {
  return importFile(path, issuanceMapping(path), { wh: db.ingest, source: 'ausstellungen' });
}

describe('issuance import', () => {
  it('valid rows land, each bad row is a reject naming its line and field in German', async () => {
    const path = file(
      'ausstellungen.csv',
      [
        'month;document;issued;site',
        '2016-03;personalausweis;400;offenbach',
        '2020-03;personalausweis;100;offenbach',
        '2016-04;personalausweis;380;offenbach',
        '2016-03;reisepass;200;offenbach',
        '2020-03;reisepass;50;offenbach',
        '2016-04;reisepass;210;offenbach',
        '2020-04;reisepass;60;offenbach',
        '2016-05;Reisepass;220;offenbach',
        '2016-03;reisepass;1000;langen',
        '2016-13;reisepass;5;offenbach',
        '2016-05;Ausweis;5;offenbach',
        '2016-06;reisepass;-3;offenbach',
        '2016-07;reisepass;;offenbach',
      ],
      new Date('2026-11-01T10:00:00Z'),
    );
    const summary = await importIssuances(path);
    expect(summary).toMatchObject({ rowsRead: 13, accepted: 9, rejected: 4 });
    expect(summary.sampleRejects).toEqual([
      { line: 11, error: 'Feld month: "2016-13" ist kein Monat der Form JJJJ-MM' },
      {
        line: 12,
        error:
          'Feld document: "Ausweis" ist keine Dokumentart (personalausweis, reisepass, fuehrerschein-umtausch oder Personalausweis, Reisepass, Führerschein-Umtausch)',
      },
      { line: 13, error: 'Feld issued: "-3" ist keine ganze Zahl von 0 bis 1000000' },
      { line: 14, error: 'Feld issued: fehlt' },
    ]);
    const rejects = await db.reader.query<{ line: number; reason: string }>(
      sql`SELECT line, reason FROM rejects FINAL WHERE source = 'ausstellungen' ORDER BY line`,
    );
    expect(rejects.map((r) => [Number(r.line), r.reason])).toEqual([
      [11, 'schema'],
      [12, 'schema'],
      [13, 'schema'],
      [14, 'missing_field'],
    ]);
  });

  it('a comma-separated file without a site column: every row refused for the missing site', async () => {
    const path = file(
      'ohne-standort.csv',
      ['month,document,issued', '2016-08,reisepass,7'],
      new Date('2026-11-01T10:00:00Z'),
    );
    const summary = await importIssuances(path);
    expect(summary).toMatchObject({ accepted: 0, rejected: 1 });
    expect(summary.sampleRejects).toEqual([{ line: 2, error: 'Feld site: fehlt' }]);
  });

  it('re-importing a month replaces its count (newer file wins)', async () => {
    const path = file(
      'korrektur.csv',
      ['month;document;issued;site', '2016-03;personalausweis;420;offenbach'],
      new Date('2026-11-20T10:00:00Z'),
    );
    expect(await importIssuances(path)).toMatchObject({ accepted: 1, rejected: 0 });
    const rows = await db.reader.query<{ n: number }>(
      sql`SELECT issued AS n FROM issuances FINAL WHERE site = 'offenbach' AND document = 'personalausweis' AND month = toDate('2016-03-01')`,
    );
    expect(rows.map((r) => Number(r.n))).toEqual([420]);
  });
});

// The command runs in a child process, which the embedded engine (one folder per process) cannot share.
describe.skipIf(warehouseConfig().engine === 'chdb')('lagebild import issuances', () => {
  it('imports the file and prints each refused line with its field', () => {
    const path = file(
      'cli.csv',
      ['month;document;issued;site', '2015-01;reisepass;77;cli-test', '2015-02;Pass;5;cli-test'],
      new Date('2026-11-01T10:00:00Z'),
    );
    const r = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'import', 'issuances', path],
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CLICKHOUSE_DB: db.name } },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 Zeilen gelesen, 1 übernommen, 1 abgewiesen.');
    expect(r.stdout).toContain('Zeile 3: Feld document: "Pass" ist keine Dokumentart');
  });
});

describe('renewal waves from issuances', () => {
  it('10 and 6 years after issuance, by document; a missing month is unknown, not zero', async () => {
    const waves = await renewalWaves(db.reader, {
      from: '2026-03-15',
      months: 3,
      site: 'offenbach',
    });
    // March 2026: Personalausweis 0.85 × 420 (re-imported) + 0.15 × 100 = 372,
    // Reisepass 0.85 × 200 + 0.15 × 50 = 177.5.
    expect(waves[0]).toMatchObject({
      month: '2026-03-01',
      byDocument: [
        { document: 'personalausweis', expectedRenewals: 372 },
        { document: 'reisepass', expectedRenewals: 177.5 },
      ],
      unknown: [],
    });
    expect(waves[0]!.expectedRenewals).toBeCloseTo(549.5, 9);
    expect(waves[0]!.basedOn).toEqual([
      { document: 'personalausweis', issuedIn: '2016-03-01', issued: 420, years: 10, share: 0.85 },
      { document: 'personalausweis', issuedIn: '2020-03-01', issued: 100, years: 6, share: 0.15 },
      { document: 'reisepass', issuedIn: '2016-03-01', issued: 200, years: 10, share: 0.85 },
      { document: 'reisepass', issuedIn: '2020-03-01', issued: 50, years: 6, share: 0.15 },
    ]);
    // April: no Personalausweis count for 2020-04, so that document is unknown; Reisepass
    // 0.85 × 210 + 0.15 × 60 = 187.5.
    expect(waves[1]).toMatchObject({
      month: '2026-04-01',
      byDocument: [
        { document: 'personalausweis', expectedRenewals: null },
        { document: 'reisepass', expectedRenewals: 187.5 },
      ],
      unknown: ['personalausweis'],
      expectedRenewals: 187.5,
    });
    // May: 2016-05 Reisepass (imported under its German label) but nothing from 2020-05.
    expect(waves[2]).toMatchObject({
      expectedRenewals: null,
      unknown: ['personalausweis', 'reisepass'],
    });
  });

  it('all sites add up; other validity shares are a parameter', async () => {
    const [march] = await renewalWaves(db.reader, { from: '2026-03-01', months: 1 });
    // Reisepass: 0.85 × (200 + 1000) + 0.15 × 50; Langen's missing 2020-03 is covered by Offenbach's.
    expect(march!.byDocument[1]).toEqual({ document: 'reisepass', expectedRenewals: 1027.5 });
    const [custom] = await renewalWaves(db.reader, {
      from: '2026-03-01',
      months: 1,
      site: 'offenbach',
      validities: { reisepass: [{ years: 10, share: 1 }] },
    });
    expect(custom!.byDocument).toEqual([
      { document: 'personalausweis', expectedRenewals: 372 },
      { document: 'reisepass', expectedRenewals: 200 },
    ]);
  });

  it('nothing imported: no documents, no expectation', async () => {
    const [m] = await renewalWaves(db.reader, { from: '2026-03-01', months: 1, site: 'nirgendwo' });
    expect(m).toMatchObject({ expectedRenewals: null, byDocument: [], unknown: [] });
  });
});
