import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent, type Event } from '../../domain/contract/event.ts';
import { importFile } from '../../ingest/importers/file-import.ts';
import { mappingSchema } from '../../ingest/importers/mapping.ts';
import { onlineShare } from '../../queries/online/online-share.query.ts';
import { sql } from '../../warehouse/literal.ts';
import { insertEvents } from '../support/insert-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;

function visit(id: string, site: string, day: string, services: string[], outcome = 'completed') {
  const r = validateEvent({
    type: 'visit',
    id,
    version: 1,
    site,
    arrivedAt: `${day}T09:00:00+02:00`,
    team: 'melde-pass',
    services,
    outcome,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value as Event;
}

// Counter visits: offenbach BEWOHNERPARK completed on 5 and 6 May (the second with a second
// service), one who left on 7 May (not completed), one completed on 3 June; KFZ-ZUL on 5 May;
// hanau BEWOHNERPARK on 5 May.
const VISITS = [
  visit('v1', 'offenbach', '2026-05-05', ['BEWOHNERPARK']),
  visit('v2', 'offenbach', '2026-05-06', ['BEWOHNERPARK', 'MELD-UM']),
  visit('v3', 'offenbach', '2026-05-07', ['BEWOHNERPARK'], 'left'),
  visit('v4', 'offenbach', '2026-06-03', ['BEWOHNERPARK']),
  visit('v6', 'offenbach', '2026-05-05', ['KFZ-ZUL']),
  visit('v5', 'hanau', '2026-05-05', ['BEWOHNERPARK']),
];

const MAPPING = mappingSchema.parse({
  type: 'online',
  delimiter: ';',
  fields: {
    id: 'Vorgang',
    version: 'Version',
    site: 'Standort',
    service: 'Leistung',
    completedAt: 'Abschluss',
    channel: 'Dienst',
    outcome: 'Ergebnis',
  },
});
const HEADER = 'Vorgang;Version;Standort;Leistung;Abschluss;Dienst;Ergebnis\n';

// o2 at 22:30 UTC on 31 May is 00:30 on 1 June in Berlin: a June transaction. o3 was aborted.
const FIRST = [
  'o1;1;offenbach;BEWOHNERPARK;2026-05-20T10:00:00+02:00;bewohnerparken;completed',
  'o2;1;offenbach;BEWOHNERPARK;2026-05-31T22:30:00Z;bewohnerparken;completed',
  'o3;1;offenbach;BEWOHNERPARK;2026-05-21T10:00:00+02:00;bewohnerparken;aborted',
  'o4;1;offenbach;KFZ-ZUL;2026-06-10T10:00:00+02:00;i-kfz;completed',
  'o5;1;hanau;BEWOHNERPARK;2026-05-22T10:00:00+02:00;bewohnerparken;completed',
];
// A later file: o1 re-sent unchanged, o4 corrected (version 2) to 1 July.
const SECOND = [
  'o1;1;offenbach;BEWOHNERPARK;2026-05-20T10:00:00+02:00;bewohnerparken;completed',
  'o4;2;offenbach;KFZ-ZUL;2026-07-01T09:00:00+02:00;i-kfz;completed',
];

async function importLines(name: string, lines: string[], mtime: Date) {
  const path = join(dir, name);
  writeFileSync(path, HEADER + lines.join('\n') + '\n');
  utimesSync(path, mtime, mtime);
  return importFile(path, MAPPING, { wh: db.ingest, source: 'onlinedienste' });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-online-'));
  await insertEvents(db.ingest, VISITS);
  expect(await importLines('a.csv', FIRST, new Date('2026-07-02T06:00:00Z'))).toMatchObject({
    accepted: 5,
    rejected: 0,
  });
  expect(await importLines('b.csv', SECOND, new Date('2026-07-03T06:00:00Z'))).toMatchObject({
    accepted: 2,
    rejected: 0,
  });
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const RANGE = { from: '2026-05-01', to: '2026-07-31' };

describe('online transactions', () => {
  it('are stored once each; the moved one only under its new day', async () => {
    const rows = await db.reader.query<{ id: string; day: string }>(
      sql`SELECT id, toString(day) AS day FROM online FINAL WHERE deleted = 0 ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'o1', day: '2026-05-20' },
      { id: 'o2', day: '2026-06-01' },
      { id: 'o3', day: '2026-05-21' },
      { id: 'o4', day: '2026-07-01' },
      { id: 'o5', day: '2026-05-22' },
    ]);
  });

  it('online share per service and month of one site; online start per channel', async () => {
    // BEWOHNERPARK May: online o1 (o3 aborted), counter v1 v2 → 1/3; June: o2 and v4 → 1/2.
    // KFZ-ZUL May: v6 only → 0; July: o4 (moved from June) → 1; June has nothing.
    expect(await onlineShare(db.reader, { ...RANGE, site: 'offenbach' })).toEqual({
      rows: [
        {
          month: '2026-05-01',
          service: 'BEWOHNERPARK',
          online: 1,
          aborted: 1,
          counter: 2,
          share: 1 / 3,
        },
        {
          month: '2026-06-01',
          service: 'BEWOHNERPARK',
          online: 1,
          aborted: 0,
          counter: 1,
          share: 0.5,
        },
        { month: '2026-05-01', service: 'KFZ-ZUL', online: 0, aborted: 0, counter: 1, share: 0 },
        { month: '2026-07-01', service: 'KFZ-ZUL', online: 1, aborted: 0, counter: 0, share: 1 },
      ],
      starts: [
        { channel: 'bewohnerparken', month: '2026-05-01' },
        { channel: 'i-kfz', month: '2026-07-01' },
      ],
    });
  });

  it('all sites together, and one service', async () => {
    // BEWOHNERPARK May over both sites: online o1 o5, counter v1 v2 v5 → 2/5.
    const all = await onlineShare(db.reader, RANGE);
    expect(all.rows.filter((r) => r.service === 'BEWOHNERPARK')).toEqual([
      {
        month: '2026-05-01',
        service: 'BEWOHNERPARK',
        online: 2,
        aborted: 1,
        counter: 3,
        share: 0.4,
      },
      {
        month: '2026-06-01',
        service: 'BEWOHNERPARK',
        online: 1,
        aborted: 0,
        counter: 1,
        share: 0.5,
      },
    ]);
    const kfz = await onlineShare(db.reader, { ...RANGE, site: 'offenbach', service: 'KFZ-ZUL' });
    expect(kfz.rows.map((r) => [r.month, r.share])).toEqual([
      ['2026-05-01', 0],
      ['2026-07-01', 1],
    ]);
    expect(kfz.starts).toEqual([{ channel: 'i-kfz', month: '2026-07-01' }]);
    // hanau had no KFZ-ZUL online: no rows, no start.
    expect(await onlineShare(db.reader, { ...RANGE, site: 'hanau', service: 'KFZ-ZUL' })).toEqual({
      rows: [],
      starts: [],
    });
  });
});
