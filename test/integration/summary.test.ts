import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summary } from '../../queries/summary/summary.query.ts';
import { CALLS, EMAILS, VISITS, VISIT_UPDATE } from '../support/kpi-fixture.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;
beforeAll(async () => {
  db = await createTestDatabase();
  // Bodies parsed inline here (no worker threads), so both receiver paths are covered.
  ingest = await startTestIngest(db.name, { acceptThreads: 0 });
  const all = JSON.stringify([...VISITS, ...CALLS, ...EMAILS]);
  // Everything twice, then v2 updated: nothing may count twice, version 2 wins.
  for (let i = 0; i < 2; i++) expect((await ingest.post(all)).status).toBe(202);
  expect((await ingest.post(JSON.stringify([VISIT_UPDATE]))).status).toBe(202);
  await ingest.drained();
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

const DAY = { from: '2026-03-10', to: '2026-03-10' };

/** A visit's times on `day` (arrival 08:00, called 08:10, 1 min to the desk, 10 min served). */
function visitTimes(day: string, offset: string) {
  return {
    arrivedAt: `${day}T08:00:00${offset}`,
    calledAt: `${day}T08:10:00${offset}`,
    startedAt: `${day}T08:11:00${offset}`,
    endedAt: `${day}T08:21:00${offset}`,
  };
}

describe('summary KPIs, worked out by hand', () => {
  it('visits (raw): contacts, services, waits, handling times, shares', async () => {
    const s = await summary(db.reader, { ...DAY, source: 'raw' });
    expect(s.visits).toEqual({
      contacts: 5, // v1 v2 v3 v4 v6
      services: 8, // 2 + 1 + 3 + 1 + 1
      // waits 600, 1200, 120, 300, 0 → sorted 0 120 300 600 1200
      waitP50: 300,
      waitP90: 1200,
      // handling 600, 1200 (v2 updated), 1800, 600, 300 → sorted 300 600 600 1200 1800
      handleP50: 600,
      handleP90: 1800,
      waitedUnder15Share: 4 / 5,
      noShowRate: 1 / 4, // v5 of the appointments v3 v4 v5 v6
    });
  });

  it('115 calls: short abandons are not offered', async () => {
    const s = await summary(db.reader, { ...DAY, source: 'raw' });
    expect(s.calls.offered).toBe(5); // 6 calls − c3
    expect(s.calls.answered).toBe(3);
    expect(s.calls.serviceLevel).toBeCloseTo(2 / 5, 10); // c1 (20 s) and c6 (30 s)
    expect(s.calls.abandonRate).toBeCloseTo(2 / 5, 10); // c4 and c5
    expect(s.calls.asaSeconds).toBeCloseTo((20 + 45 + 30) / 3, 10);
    expect(s.calls.ahtSeconds).toBeCloseTo((140 + 220 + 60) / 3, 10);
    expect(s.calls.firstContactResolution).toBeCloseTo(2 / 3, 10);
  });

  it('emails: local day, 24 h share, median, backlog at the end of the range', async () => {
    const s = await summary(db.reader, { ...DAY, source: 'raw' });
    expect(s.emails).toEqual({
      received: 4, // e1 e2 e3 e6; e5 arrived 23:30 UTC but on the 11th locally
      answeredWithin24h: 2 / 4, // e1 e6
      medianFirstResponseHours: 6, // 2 h, 6 h, 38 h
      backlog: 3, // e2 (closed on the 12th), e3, e4 (closed on the 11th)
    });
  });

  it('targets are judged', async () => {
    const s = await summary(db.reader, { ...DAY, source: 'raw' });
    expect(s.targets.find((t) => t.kpi === 'calls.serviceLevel')).toMatchObject({
      value: 0.4,
      target: 0.75,
      status: 'missed',
    });
    expect(s.targets.find((t) => t.kpi === 'visits.waitedUnder15Share')).toMatchObject({
      status: 'met',
    });
  });

  it('rollups give the same counts and rates; percentiles are t-digest estimates of the same values', async () => {
    const raw = await summary(db.reader, { ...DAY, source: 'raw' });
    const rollup = await summary(db.reader, { ...DAY, source: 'rollup' });
    expect(rollup.calls).toEqual(raw.calls);
    expect({ ...rollup.emails, medianFirstResponseHours: null }).toEqual({
      ...raw.emails,
      medianFirstResponseHours: null,
    });
    const { waitP50, waitP90, handleP50, handleP90, ...rollupCounts } = rollup.visits;
    const { waitP50: _a, waitP90: _b, handleP50: _c, handleP90: _d, ...rawCounts } = raw.visits;
    expect(rollupCounts).toEqual(rawCounts);
    for (const [value, lo, hi] of [
      [waitP50, 120, 600],
      [waitP90, 600, 1200],
      [handleP50, 300, 1200],
      [handleP90, 1200, 1800],
    ] as const) {
      expect(value).toBeGreaterThanOrEqual(lo);
      expect(value).toBeLessThanOrEqual(hi);
    }
  });

  it('an empty range gives zeros and nulls, not errors', async () => {
    for (const source of ['raw', 'rollup'] as const) {
      const s = await summary(db.reader, { from: '2026-03-01', to: '2026-03-01', source });
      expect(s.visits).toEqual({
        contacts: 0,
        services: 0,
        waitP50: null,
        waitP90: null,
        handleP50: null,
        handleP90: null,
        waitedUnder15Share: null,
        noShowRate: null,
      });
      expect(s.calls).toEqual({
        offered: 0,
        answered: 0,
        serviceLevel: null,
        abandonRate: null,
        asaSeconds: null,
        ahtSeconds: null,
        firstContactResolution: null,
      });
      expect(s.emails).toEqual({
        received: 0,
        answeredWithin24h: null,
        medianFirstResponseHours: null,
        backlog: 0,
      });
    }
  });
});

describe('an update that moves an event to another day', () => {
  it('counts the event once, on its new day, in raw and rollup figures alike', async () => {
    // v1 arrived on the 10th; version 5 corrects the arrival to the 11th.
    const moved = {
      ...VISITS[0]!,
      version: 5,
      ...visitTimes('2026-03-11', '+01:00'),
    };
    expect((await ingest.post(JSON.stringify([moved]))).status).toBe(202);
    // A stale version 4 of the old day arriving afterwards must not bring it back.
    expect((await ingest.post(JSON.stringify([{ ...VISITS[0]!, version: 4 }]))).status).toBe(202);
    await ingest.drained();
    for (const source of ['raw', 'rollup'] as const) {
      const tenth = await summary(db.reader, { from: '2026-03-10', to: '2026-03-10', source });
      const eleventh = await summary(db.reader, { from: '2026-03-11', to: '2026-03-11', source });
      expect(tenth.visits.contacts, source).toBe(4);
      expect(eleventh.visits.contacts, source).toBe(1);
      const both = await summary(db.reader, { from: '2026-03-10', to: '2026-03-11', source });
      expect(both.visits.contacts, source).toBe(5);
    }
  });

  it('finds the old row of an id with quotes, backslashes and emoji too', async () => {
    const id = `V-'"\\;ä😀-${'x'.repeat(60)}`;
    const first = {
      ...VISITS[0]!,
      id,
      version: 1,
      ...visitTimes('2026-04-20', '+02:00'),
    };
    expect((await ingest.post(JSON.stringify([first]))).status).toBe(202);
    await ingest.drained();
    const moved = {
      ...first,
      version: 2,
      ...visitTimes('2026-04-21', '+02:00'),
    };
    expect((await ingest.post(JSON.stringify([moved]))).status).toBe(202);
    await ingest.drained();
    for (const source of ['raw', 'rollup'] as const) {
      const days = await Promise.all(
        ['2026-04-20', '2026-04-21'].map((d) => summary(db.reader, { from: d, to: d, source })),
      );
      expect(
        days.map((d) => d.visits.contacts),
        source,
      ).toEqual([0, 1]);
    }
  });

  it('settles versions of one id that arrive in the same request, across a month boundary', async () => {
    const at = (day: string) => ({
      arrivedAt: `${day}T08:00:00+01:00`,
      calledAt: `${day}T08:10:00+01:00`,
      startedAt: `${day}T08:11:00+01:00`,
      endedAt: `${day}T08:21:00+01:00`,
    });
    const id = 'V-MONATSWECHSEL';
    // Newest first in the body: the order in a batch must not matter, only the version.
    const body = [
      { ...VISITS[0]!, id, version: 3, ...at('2026-02-02') },
      { ...VISITS[0]!, id, version: 2, ...at('2026-01-30') },
      { ...VISITS[0]!, id, version: 1, ...at('2026-01-29') },
    ];
    expect((await ingest.post(JSON.stringify(body))).status).toBe(202);
    await ingest.drained();
    for (const source of ['raw', 'rollup'] as const) {
      const days = await Promise.all(
        ['2026-01-29', '2026-01-30', '2026-02-02'].map((d) =>
          summary(db.reader, { from: d, to: d, source }),
        ),
      );
      expect(
        days.map((d) => d.visits.contacts),
        source,
      ).toEqual([0, 0, 1]);
    }
  });
});
