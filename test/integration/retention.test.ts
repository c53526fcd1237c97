/**
 * Retention on a small set with events eleven years back: whole months before the first kept
 * day are dropped, the month holding it and everything after stay untouched, the rollups stay
 * while their own retention is longer, and a dry run changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEvent, type Event } from '../../domain/contract/event.ts';
import { recomputeTouched } from '../../ingest/rollups/recompute.ts';
import { runRetention } from '../../ingest/retention/retention.ts';
import { ident, sql } from '../../warehouse/literal.ts';
import { insertEvents } from '../support/insert-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
const TODAY = '2026-12-02'; // ten years back: 2016-12-02, so 2016-12 is kept

const call = (id: string, offeredAt: string): Event => {
  const v = validateEvent({ type: 'call', id, version: 1, site: 'offenbach', offeredAt });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.value;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await insertEvents(db.ingest, [
    call('eleven-years', '2015-11-15T10:00:00+01:00'),
    call('last-dropped-month', '2016-11-30T23:30:00+01:00'),
    call('kept-month-early-day', '2016-12-01T10:00:00+01:00'),
    call('recent', '2026-11-10T10:00:00+01:00'),
  ]);
  await recomputeTouched(db.admin, {
    calls: ['2015-11-15', '2016-11-30', '2016-12-01', '2026-11-10'],
  });
});
afterAll(async () => {
  await db?.drop();
});

async function months(table: string): Promise<string[]> {
  const rows = await db.admin.query<{ m: string }>(
    sql`SELECT DISTINCT toString(toYYYYMM(day)) AS m FROM ${ident(table)} ORDER BY m`,
  );
  return rows.map((r) => r.m);
}

describe('retention', () => {
  it('a dry run lists the drops and changes nothing', async () => {
    const seen: string[] = [];
    const plan = await runRetention(db.admin, {
      eventYears: 10,
      rollupYears: 12,
      today: TODAY,
      dryRun: true,
      onDrop: (d) => seen.push(`${d.table} ${d.partition}`),
    });
    expect(plan.eventsFrom).toBe('2016-12-02');
    expect(plan.rollupsFrom).toBe('2014-12-02');
    expect(seen).toEqual(['calls 201511', 'calls 201611']);
    expect(await months('calls')).toEqual(['201511', '201611', '201612', '202611']);
  });

  it('drops the event months wholly before the first kept day, keeps the rollups longer', async () => {
    const plan = await runRetention(db.admin, { eventYears: 10, rollupYears: 12, today: TODAY });
    expect(plan.drops.map((d) => [d.table, d.kind, d.partition, d.rows])).toEqual([
      ['calls', 'events', '201511', 1],
      ['calls', 'events', '201611', 1],
    ]);
    expect(await months('calls')).toEqual(['201612', '202611']);
    const [kept] = await db.admin.query<{ n: number }>(
      sql`SELECT count() AS n FROM calls FINAL WHERE id IN ('kept-month-early-day', 'recent')`,
    );
    expect(Number(kept!.n)).toBe(2);
    expect(await months('calls_daily')).toEqual(['201511', '201611', '201612', '202611']);
    expect(await months('contacts_hourly')).toEqual(['201511', '201611', '201612', '202611']);
  });

  it('drops the rollup months too once their retention has passed', async () => {
    const plan = await runRetention(db.admin, { eventYears: 10, rollupYears: 10, today: TODAY });
    expect(plan.drops.every((d) => d.kind === 'rollups')).toBe(true);
    expect(new Set(plan.drops.map((d) => d.partition))).toEqual(new Set(['201511', '201611']));
    expect(await months('calls_daily')).toEqual(['201612', '202611']);
    expect(await months('contacts_hourly')).toEqual(['201612', '202611']);
    expect(await months('calls')).toEqual(['201612', '202611']);
  });
});
