import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../calendar/local-date.ts';
import { generateDays } from '../../demo/generator.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import { sql } from '../../warehouse/literal.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;
beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

const RANGE = { from: '2026-06-01', to: '2026-06-14', seed: 3 };

async function counts() {
  return db.reader.query<{ visits: number; calls: number; emails: number; roster: number }>(
    sql`SELECT (SELECT count() FROM visits FINAL) AS visits, (SELECT count() FROM calls FINAL) AS calls, (SELECT count() FROM emails FINAL) AS emails, (SELECT count() FROM roster FINAL) AS roster`,
  );
}

describe('demo data through the ingest service', () => {
  it('every generated event lands once, and loading again changes no count', async () => {
    const expected = { visits: 0, calls: 0, emails: 0, roster: 0 };
    for (const day of generateDays(RANGE)) {
      for (const e of day.events) expected[`${e.type}s` as 'visits' | 'calls' | 'emails']++;
      expected.roster += day.roster.length;
    }
    // The roster is planned four weeks beyond the data.
    for (const day of generateDays({
      ...RANGE,
      from: addDays(RANGE.to, 1),
      to: addDays(RANGE.to, 28),
    })) {
      expected.roster += day.roster.length;
    }
    const target = { ingestUrl: ingest.service.url, token: ingest.token, wh: db.ingest };
    const first = await loadDemoData(target, RANGE);
    expect(first.rejected).toBe(0);
    await ingest.drained();
    expect(await counts()).toEqual([expected]);

    await loadDemoData(target, RANGE);
    await ingest.drained();
    expect(await counts()).toEqual([expected]);
  });
});
