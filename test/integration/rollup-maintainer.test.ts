import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent, type Event } from '../../domain/contract/event.ts';
import { insertEvents } from '../support/insert-events.ts';
import { RollupMaintainer } from '../../ingest/writer/rollup-maintainer.ts';
import { summary } from '../../queries/summary/summary.query.ts';
import { CALLS, VISITS } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-rollups-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function valid(raw: object): Event {
  const r = validateEvent(structuredClone(raw));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

async function settled(m: RollupMaintainer): Promise<void> {
  const end = Date.now() + 10_000;
  while (!m.idle) {
    if (Date.now() > end) throw new Error('rollups not settled');
    await sleep(20);
  }
}

const DAY = '2026-03-10';

describe('rollup maintainer', () => {
  it('recomputes, on start, the days a crashed run left in its file', async () => {
    // Rows in ClickHouse whose rollups were never computed: the state after a crash
    // between the writer's insert and the recompute.
    await insertEvents(db.ingest, [...VISITS, ...CALLS].map(valid));
    const before = await summary(db.reader, { from: DAY, to: DAY, source: 'rollup' });
    expect(before.visits.contacts).toBe(0);
    const file = join(dir, 'pending.json');
    writeFileSync(file, JSON.stringify({ visits: [DAY], calls: [DAY] }));

    const m = new RollupMaintainer(db.ingest, { intervalMs: 0, pendingFile: file });
    await settled(m);
    const raw = await summary(db.reader, { from: DAY, to: DAY, source: 'raw' });
    const rollup = await summary(db.reader, { from: DAY, to: DAY, source: 'rollup' });
    expect(rollup.visits.contacts).toBe(raw.visits.contacts);
    expect(rollup.visits.contacts).toBeGreaterThan(0);
    expect(rollup.calls.offered).toBe(raw.calls.offered);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    await m.close();
  });

  it('notes days durably before recomputing them, once per interval', async () => {
    const file = join(dir, 'interval.json');
    const m = new RollupMaintainer(db.ingest, { intervalMs: 60_000, pendingFile: file });
    await m.note({ visits: [DAY] });
    // The first recompute may run at once; the next waits for the interval.
    await settled(m);
    await m.note({ visits: ['2026-03-11'] });
    await m.note({ visits: ['2026-03-12'], calls: ['2026-03-12'] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      visits: ['2026-03-11', '2026-03-12'],
      calls: ['2026-03-12'],
    });
    expect(m.idle).toBe(false);
    // Shutdown recomputes what is pending instead of waiting for the interval.
    await m.close();
    expect(m.idle).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
  });
});
