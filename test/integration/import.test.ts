import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../ingest/importers/file-import.ts';
import { loadMapping } from '../../ingest/importers/mapping.ts';
import { importFolderOnce } from '../../ingest/importers/watch-folder.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { sql } from '../../warehouse/literal.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const EXAMPLES = join(PROJECT_ROOT, 'ingest/importers/examples');
let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-import-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

interface CallRow {
  id: string;
  offered: string;
  answered: string | null;
  talk_seconds: number | null;
  hold_seconds: number | null;
  queue: string;
  resolved_first_contact: number | null;
  transferred: number | null;
  day: string;
}

async function calls(): Promise<CallRow[]> {
  return db.reader.query<CallRow>(
    sql`SELECT id, toString(offered_at) AS offered, toString(answered_at) AS answered, talk_seconds, hold_seconds, queue, resolved_first_contact, transferred, toString(day) AS day FROM calls FINAL ORDER BY id`,
  );
}

describe('CSV import', () => {
  it('a windows-1252 call export with German dates, decimal commas and broken rows imports correctly', async () => {
    const mapping = loadMapping(join(EXAMPLES, 'telefon-cdr.mapping.json'));
    const summary = await importFile(join(EXAMPLES, 'telefon-cdr.csv'), mapping, {
      wh: db.ingest,
      source: 'telefonanlage',
    });
    expect(summary).toMatchObject({ rowsRead: 6, accepted: 4, rejected: 2 });
    expect(summary.sampleRejects.map((r) => r.line)).toEqual([5, 6]);

    const rows = await calls();
    expect(rows).toEqual([
      // 08:00:05 Berlin winter time is 07:00:05 UTC; "183,5" seconds rounds to 184.
      {
        id: 'K-1001',
        offered: '2026-11-24 07:00:05',
        answered: '2026-11-24 07:00:21',
        talk_seconds: 184,
        hold_seconds: 0,
        queue: '115-Bürgerbüro',
        resolved_first_contact: 1,
        transferred: 0,
        day: '2026-11-24',
      },
      {
        id: 'K-1002',
        offered: '2026-11-24 07:01:10',
        answered: null,
        talk_seconds: null,
        hold_seconds: null,
        queue: '115-Bürgerbüro',
        resolved_first_contact: null,
        transferred: null,
        day: '2026-11-24',
      },
      // "05:30" talk time is 330 s; "12,0" hold 12 s; the ü of "Zulassung" queue survives windows-1252.
      {
        id: 'K-1003',
        offered: '2026-11-24 07:02:00',
        answered: '2026-11-24 07:03:15',
        talk_seconds: 330,
        hold_seconds: 12,
        queue: '115-Zulassung',
        resolved_first_contact: 0,
        transferred: 1,
        day: '2026-11-24',
      },
      // 02:30 on the spring change day does not exist; it is read as 03:30 summer time = 01:30 UTC.
      {
        id: 'K-1006',
        offered: '2026-03-29 01:30:00',
        answered: null,
        talk_seconds: null,
        hold_seconds: null,
        queue: '115-Nacht',
        resolved_first_contact: null,
        transferred: null,
        day: '2026-03-29',
      },
    ]);
    const rejects = await db.reader.query<{
      line: number;
      file: string;
      reason: string;
      error: string;
      raw: string;
    }>(
      sql`SELECT line, file, reason, error, raw FROM rejects FINAL WHERE channel = 'file' ORDER BY line`,
    );
    expect(rejects.map((r) => [r.line, r.file, r.reason])).toEqual([
      [5, 'telefon-cdr.csv', 'schema'],
      [6, 'telefon-cdr.csv', 'schema'],
    ]);
    expect(rejects[0]!.error).toMatch(/offeredAt \(Spalte "Beginn"\)/);
    expect(rejects[1]!.raw).toContain('vielleicht');
  });

  it('importing the same file again changes no count', async () => {
    const mapping = loadMapping(join(EXAMPLES, 'telefon-cdr.mapping.json'));
    const before = await db.reader.query(
      sql`SELECT (SELECT count() FROM calls FINAL) AS calls, (SELECT count() FROM rejects FINAL) AS rejects, (SELECT count() FROM ingest_batches FINAL) AS batches`,
    );
    await importFile(join(EXAMPLES, 'telefon-cdr.csv'), mapping, {
      wh: db.ingest,
      source: 'telefonanlage',
    });
    const after = await db.reader.query(
      sql`SELECT (SELECT count() FROM calls FINAL) AS calls, (SELECT count() FROM rejects FINAL) AS rejects, (SELECT count() FROM ingest_batches FINAL) AS batches`,
    );
    expect(after).toEqual(before);
    expect(after).toEqual([{ calls: 4, rejects: 2, batches: 1 }]);
  });

  it('a broken quote in one record rejects that record, the rest of the file lands', async () => {
    const path = join(dir, 'besuche-kaputt.csv');
    const csv = [
      'Vorgangsnummer;Ankunft;Aufruf;Beginn;Ende;Gebucht am;Termin;Bereich;Platz;Dienstleistungen;Personen;Status',
      'Q-1;24.11.2026 08:00:00;24.11.2026 08:05:00;;24.11.2026 08:20:00;;;Zulassung;Platz 1;KFZ-ZUL;1;erledigt',
      'Q-2;24.11.2026 08:01:00;"kaputt;;;;;;Zulassung;Platz 1;KFZ-ZUL;1;erledigt',
      'Q-3;24.11.2026 08:02:00;24.11.2026 08:06:00;;24.11.2026 08:21:00;;;Führerschein;Platz 9;FE-UMTAUSCH;1;erledigt',
    ].join('\n');
    writeFileSync(path, iconv.encode(csv, 'utf-8'));
    const mapping = loadMapping(join(EXAMPLES, 'aufrufsystem-besuche.mapping.json'));
    const summary = await importFile(path, mapping, { wh: db.ingest, source: 'aufrufsystem' });
    expect(summary.accepted).toBeGreaterThanOrEqual(1);
    const ids = (
      await db.reader.query<{ id: string }>(sql`SELECT id FROM visits FINAL ORDER BY id`)
    ).map((r) => r.id);
    expect(ids).toContain('Q-1');
    expect(summary.accepted + summary.rejected).toBe(summary.rowsRead);
    expect(summary.rejected).toBeGreaterThanOrEqual(1);
  });

  it('roster exports land in the roster table with decimal persons', async () => {
    const mapping = loadMapping(join(EXAMPLES, 'dienstplan.mapping.json'));
    const summary = await importFile(join(EXAMPLES, 'dienstplan.csv'), mapping, {
      wh: db.ingest,
      source: 'dienstplan',
    });
    expect(summary).toMatchObject({ rowsRead: 5, accepted: 5, rejected: 0 });
    const rows = await db.reader.query<{ team: string; from_minute: number; persons: number }>(
      sql`SELECT team, from_minute, persons FROM roster FINAL WHERE team = 'telefon'`,
    );
    expect(rows).toEqual([{ team: 'telefon', from_minute: 480, persons: 5.5 }]);
  });
});

describe('watch folder', () => {
  it('imports a dropped file once, moves it to done/; a re-dropped copy changes nothing; an unreadable one goes to failed/', async () => {
    const watch = join(dir, 'share');
    const state = join(dir, 'imported.json');
    const mapping = loadMapping(join(EXAMPLES, 'mailsystem.mapping.json'));
    const opts = { wh: db.ingest, source: 'mailsystem', stateFile: state, log: () => {} };
    const sizes = new Map<string, number>();
    rmSync(watch, { recursive: true, force: true });
    mkdirSync(watch, { recursive: true });
    copyFileSync(join(EXAMPLES, 'mailsystem.csv'), join(watch, 'mails-1.csv'));
    // First pass only notes the size (the file might still be copying); the second imports.
    expect(await importFolderOnce(watch, mapping, opts, sizes)).toEqual([]);
    const [first] = await importFolderOnce(watch, mapping, opts, sizes);
    expect(first).toMatchObject({ accepted: 3, rejected: 1 });
    expect(readdirSync(join(watch, 'done'))).toEqual(['mails-1.csv']);

    copyFileSync(join(EXAMPLES, 'mailsystem.csv'), join(watch, 'mails-1-nochmal.csv'));
    await importFolderOnce(watch, mapping, opts, sizes);
    expect(await importFolderOnce(watch, mapping, opts, sizes)).toEqual([]);
    expect(readdirSync(join(watch, 'done')).sort()).toEqual(['mails-1-nochmal.csv', 'mails-1.csv']);
    const [count] = await db.reader.query<{ n: number }>(
      sql`SELECT count() AS n FROM emails FINAL`,
    );
    expect(count?.n).toBe(3);

    writeFileSync(
      join(watch, 'binary.csv'),
      Buffer.from([0x22, 0x00, 0xff, 0x0a, 0x22, 0x22, 0x22]),
    );
    await importFolderOnce(watch, mapping, opts, sizes);
    await importFolderOnce(watch, mapping, opts, sizes);
    expect(existsSync(join(watch, 'binary.csv'))).toBe(false);
  });
});
