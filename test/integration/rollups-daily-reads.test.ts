/**
 * Seasonality's passport rush (passport_applications_daily, migration 0015), the email
 * backlog per day (emails_daily, emails_closed_daily) and the normal-day baseline (the daily
 * rollups, all days in one statement per channel) read from rollups, with values worked out
 * by hand: re-sent events count once, an update that moves an event to another day and site
 * counts only there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalDay } from '../../queries/baseline/normal-day.query.ts';
import { emailBacklog } from '../../queries/email-backlog/email-backlog.query.ts';
import { kpiValue } from '../../queries/kpis/definitions.ts';
import { seasonality } from '../../queries/seasonality/seasonality.query.ts';
import { summary } from '../../queries/summary/summary.query.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;

const visit = (
  id: string,
  day: string,
  services: string[],
  o: { site?: string; version?: number; outcome?: string } = {},
) => ({
  type: 'visit',
  id,
  version: o.version ?? 1,
  site: o.site ?? 'offenbach',
  team: 'melde-pass',
  arrivedAt: `${day}T09:00:00+02:00`,
  calledAt: `${day}T09:10:00+02:00`,
  endedAt: `${day}T09:20:00+02:00`,
  services,
  outcome: o.outcome ?? 'completed',
});
const email = (
  id: string,
  receivedAt: string,
  closedAt?: string,
  o: { site?: string; version?: number } = {},
) => ({
  type: 'email',
  id,
  version: o.version ?? 1,
  site: o.site ?? 'offenbach',
  mailbox: 'buergerbuero',
  receivedAt,
  ...(closedAt ? { closedAt } : {}),
});

// Summer holidays 2026 start on Monday 29 June: week −1 is 22–28 June, week 0 29 June – 5 July.
// p1 has two passport services (one application), p2 moves from offenbach in week −1 to
// hanau in week 0, p3 left without being served, p4 is no passport service.
const p1 = visit('p1', '2026-06-23', ['PA-ANTRAG', 'KIND-PASS']);
const p2 = visit('p2', '2026-06-24', ['PASS-ANTRAG']);
const p2Moved = visit('p2', '2026-06-30', ['PASS-ANTRAG'], { site: 'hanau', version: 2 });
const p3 = visit('p3', '2026-06-23', ['PA-ANTRAG'], { outcome: 'left' });
const p4 = visit('p4', '2026-06-23', ['MELD-AN']);

// e0 received before the range, closed on 10 March; e1 closed on the 11th; e2 closed the day
// it came; e3 sent as open on the 10th in offenbach, then moved to hanau on the 11th and
// closed at 23:30 on the 12th (22:30 UTC, the 12th locally).
const w = (day: string, hhmm: string) => `${day}T${hhmm}:00+01:00`;
const e0 = email('e0', w('2026-03-05', '10:00'), w('2026-03-10', '11:00'));
const e1 = email('e1', w('2026-03-09', '10:00'), w('2026-03-11', '10:00'));
const e2 = email('e2', w('2026-03-10', '09:00'), w('2026-03-10', '15:00'));
const e3 = email('e3', w('2026-03-10', '12:00'));
const e3Moved = email('e3', w('2026-03-11', '12:00'), '2026-03-12T22:30:00Z', {
  site: 'hanau',
  version: 2,
});

// Tuesday 10 March 2026 against the 8 Tuesdays before (no public holiday among them):
// 1, 2, 2, 3, 3, 3, 4, 5 completed visits; on the 10th ten, n0 re-sent, and n10 moved away
// to Monday the 9th.
const COMPARED = [
  '2026-03-03',
  '2026-02-24',
  '2026-02-17',
  '2026-02-10',
  '2026-02-03',
  '2026-01-27',
  '2026-01-20',
  '2026-01-13',
];
const history = [1, 2, 2, 3, 3, 3, 4, 5].flatMap((n, k) =>
  Array.from({ length: n }, (_, i) => visit(`h${k}-${i}`, COMPARED[k]!, ['MELD-AN'])),
);
const today = Array.from({ length: 11 }, (_, i) => visit(`n${i}`, '2026-03-10', ['MELD-AN']));
const n10Moved = visit('n10', '2026-03-09', ['MELD-AN'], { version: 2 });

async function send(events: object[]): Promise<void> {
  expect((await ingest.post(JSON.stringify(events))).status).toBe(202);
  await ingest.drained();
}

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  await send([p1, p2, p3, p4, e0, e1, e2, e3, ...history, ...today]);
  await send([p1, e1, today[0]!]); // re-sent, same version
  await send([p2Moved, e3Moved, n10Moved]);
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

describe('seasonality: passport rush (passport_applications_daily)', () => {
  const rush = async (site?: string) => {
    const r = await seasonality(db.reader, { years: [2026], channel: 'visits', site });
    const [year] = r.passportRush;
    expect(year!.summerStart).toBe('2026-06-29');
    expect(year!.weeks.map((w) => w.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i - 12));
    return Object.fromEntries(
      year!.weeks.filter((w) => w.applications > 0).map((w) => [w.offset, w.applications]),
    );
  };

  it('counts a visit with two passport services once and the moved one in its new week', async () => {
    expect(await rush()).toEqual({ '-1': 1, '0': 1 });
    expect(await rush('offenbach')).toEqual({ '-1': 1 });
    expect(await rush('hanau')).toEqual({ '0': 1 });
  });
});

describe('email backlog per day (emails_daily, emails_closed_daily)', () => {
  const range = { from: '2026-03-09', to: '2026-03-12' };
  const rows = async (site?: string) =>
    (await emailBacklog(db.reader, { ...range, site })).map((r) => [
      r.date,
      r.received,
      r.closed,
      r.backlog,
    ]);

  it('all sites: e0 open before, e1 once, e3 on its new day, closed late on the 12th', async () => {
    expect(await rows()).toEqual([
      ['2026-03-09', 1, 0, 2], // e0 e1
      ['2026-03-10', 1, 2, 1], // + e2, − e2 e0
      ['2026-03-11', 1, 1, 1], // + e3, − e1
      ['2026-03-12', 0, 1, 0], // − e3
    ]);
  });

  it('per site: e3 only in hanau', async () => {
    expect(await rows('offenbach')).toEqual([
      ['2026-03-09', 1, 0, 2],
      ['2026-03-10', 1, 2, 1],
      ['2026-03-11', 0, 1, 0],
      ['2026-03-12', 0, 0, 0],
    ]);
    expect(await rows('hanau')).toEqual([
      ['2026-03-09', 0, 0, 0],
      ['2026-03-10', 0, 0, 0],
      ['2026-03-11', 1, 0, 1],
      ['2026-03-12', 0, 1, 0],
    ]);
  });
});

describe('normal day (the daily rollups, every day in one statement per channel)', () => {
  it('ten visits against a median of 3 with MAD 1, the re-sent once, the moved one away', async () => {
    const r = await normalDay(db.reader, { date: '2026-03-10' });
    expect(r.comparedWith).toEqual(COMPARED);
    const contacts = r.kpis.find((k) => k.kpi === 'visits.contacts')!;
    expect(contacts).toMatchObject({ value: 10, normal: 3, flag: 'higher' });
    expect(contacts.robustZ).toBeCloseTo(7 / 1.4826, 9);
    // The backlog at the end of the day (e3 moved away): e0 and e2 closed, e1 open.
    expect(r.kpis.find((k) => k.kpi === 'emails.backlog')).toMatchObject({
      value: 1,
      normal: 0,
      robustZ: null,
    });
    expect(r.kpis.find((k) => k.kpi === 'emails.received')).toMatchObject({ value: 1, normal: 0 });
  });

  it('gives each day the figures of the one-day summary', async () => {
    const r = await normalDay(db.reader, { date: '2026-03-10', site: 'offenbach' });
    const day = await summary(db.reader, {
      from: '2026-03-10',
      to: '2026-03-10',
      site: 'offenbach',
    });
    for (const k of r.kpis) expect([k.kpi, k.value]).toEqual([k.kpi, kpiValue(day, k.kpi)]);
  });
});
