import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../domain/contract/event.ts';
import { validateEvent } from '../../domain/contract/event.ts';
import { insertEvents } from '../support/insert-events.ts';
import { sql } from '../../warehouse/literal.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function valid(raw: object): Event {
  const r = validateEvent(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const noShowAtMidnight = valid({
  type: 'visit',
  id: 'V-1',
  version: 1,
  site: 'offenbach',
  appointment: { bookedAt: '2026-11-01T10:00:00Z', slotStart: '2026-12-01T00:30:00+01:00' },
  team: 'melde-pass',
  services: ['PA-ANTRAG'],
  outcome: 'no_show',
});

describe('insert path', () => {
  it('writes every column: local day, UTC times, absent values as NULL or empty', async () => {
    await insertEvents(db.ingest, [noShowAtMidnight]);
    const rows = await db.reader.query<Record<string, unknown>>(
      sql`SELECT day, toString(slot_start) AS slot, arrived_at, desk, persons, outcome FROM visits FINAL`,
    );
    // 00:30 local on 1 December is 23:30 UTC on 30 November; the visit belongs to the local day.
    expect(rows).toEqual([
      {
        day: '2026-12-01',
        slot: '2026-11-30 23:30:00',
        arrived_at: null,
        desk: '',
        persons: 1,
        outcome: 'no_show',
      },
    ]);
  });

  it('the same events sent three times and versions 1, 3, 2 are each counted once, version 3 kept', async () => {
    const call = (version: number, queue: string) =>
      valid({
        type: 'call',
        id: 'C-7',
        version,
        site: 'offenbach',
        offeredAt: '2026-11-25T09:00:00Z',
        queue,
      });
    const email = valid({
      type: 'email',
      id: 'E-7',
      version: 1,
      site: 'offenbach',
      receivedAt: '2026-11-25T09:00:00Z',
    });
    for (let i = 0; i < 3; i++) await insertEvents(db.ingest, [email, noShowAtMidnight]);
    await insertEvents(db.ingest, [call(1, 'erste')]);
    await insertEvents(db.ingest, [call(3, 'dritte')]);
    await insertEvents(db.ingest, [call(2, 'zweite')]);
    const calls = await db.reader.query<{ id: string; queue: string; version: number }>(
      sql`SELECT id, queue, version FROM calls FINAL`,
    );
    expect(calls).toEqual([{ id: 'C-7', queue: 'dritte', version: 3 }]);
    const counts = await db.reader.query<{ v: number; e: number }>(
      sql`SELECT (SELECT count() FROM visits FINAL) AS v, (SELECT count() FROM emails FINAL) AS e`,
    );
    expect(counts).toEqual([{ v: 1, e: 1 }]);
  });

  it('without a version the time of receipt is the version, so a later re-send wins', async () => {
    const raw = { type: 'email', id: 'E-8', site: 'offenbach', receivedAt: '2026-11-25T09:00:00Z' };
    await insertEvents(
      db.ingest,
      [valid({ ...raw, mailbox: 'alt' })],
      new Date('2026-11-25T10:00:00Z'),
    );
    await insertEvents(
      db.ingest,
      [valid({ ...raw, mailbox: 'neu' })],
      new Date('2026-11-25T11:00:00Z'),
    );
    const rows = await db.reader.query<{ mailbox: string }>(
      sql`SELECT mailbox FROM emails FINAL WHERE id = 'E-8'`,
    );
    expect(rows).toEqual([{ mailbox: 'neu' }]);
  });
});
