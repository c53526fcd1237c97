/**
 * The year queries over their rollups (migrations 0008–0011), with values worked out by hand:
 * a re-sent visit, a visit whose update moves it to another day and site, and the autumn
 * clock change (02:00–03:00 twice, a handling time across it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataQuality } from '../../queries/data-quality/data-quality.query.ts';
import {
  handlingHistogram,
  handlingSample,
  handlingTimes,
  handlingTrend,
} from '../../queries/handling-times/handling-times.query.ts';
import { hourlyVolumes } from '../../queries/volumes/hourly-volumes.query.ts';
import { weekdayHour } from '../../queries/volumes/weekday-hour.query.ts';
import { rebuildRollups } from '../../ingest/rollups/rebuild.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;

interface VisitTimes {
  id: string;
  site?: string;
  team?: string;
  version?: number;
  arrived: string;
  called: string;
  ended: string;
  services: string[];
}
const visit = (v: VisitTimes) => ({
  type: 'visit',
  id: v.id,
  version: v.version ?? 1,
  site: v.site ?? 'offenbach',
  team: v.team ?? 'melde-pass',
  arrivedAt: v.arrived,
  calledAt: v.called,
  endedAt: v.ended,
  services: v.services,
  outcome: 'completed',
});
const winter = (day: string, hhmm: string) => `${day}T${hhmm}:00+01:00`;
const pa = ['PA-ANTRAG'];

// Tuesday 2026-03-10: handling 12 min (bin 2) and 23 min (bin 4, two services).
const h1 = visit({
  id: 'h1',
  arrived: winter('2026-03-10', '09:10'),
  called: winter('2026-03-10', '09:20'),
  ended: winter('2026-03-10', '09:32'),
  services: pa,
});
const h2 = visit({
  id: 'h2',
  arrived: winter('2026-03-10', '09:40'),
  called: winter('2026-03-10', '09:45'),
  ended: winter('2026-03-10', '10:08'),
  services: ['PA-ANTRAG', 'MELD-AN'],
});
// A no-show with a code missing from the catalog: a visit of that service, no handling time.
const h3 = {
  type: 'visit',
  id: 'h3',
  version: 1,
  site: 'offenbach',
  team: 'melde-pass',
  appointment: {
    bookedAt: winter('2026-03-01', '10:00'),
    slotStart: winter('2026-03-10', '10:00'),
  },
  services: ['XYZ-NEU'],
  outcome: 'no_show',
};
// Sent on Wednesday 11 March in Offenbach (70 min, bin 12), then moved to Thursday 12 March
// in Hanau (40 min, bin 8).
const m1 = visit({
  id: 'm1',
  arrived: winter('2026-03-11', '11:00'),
  called: winter('2026-03-11', '11:05'),
  ended: winter('2026-03-11', '12:15'),
  services: pa,
});
const m1Moved = visit({
  id: 'm1',
  version: 2,
  site: 'hanau',
  arrived: winter('2026-03-12', '14:00'),
  called: winter('2026-03-12', '14:10'),
  ended: winter('2026-03-12', '14:50'),
  services: pa,
});
// Sunday 2026-10-25: arrived 02:30 summer time, ended 02:50 winter time: 70 min (bin 12);
// the second visit in the second 02:00 hour, 10 min (bin 2).
const d1 = visit({
  id: 'd1',
  arrived: '2026-10-25T02:30:00+02:00',
  called: '2026-10-25T02:40:00+02:00',
  ended: '2026-10-25T02:50:00+01:00',
  services: pa,
});
const d2 = visit({
  id: 'd2',
  arrived: '2026-10-25T02:30:00+01:00',
  called: '2026-10-25T02:35:00+01:00',
  ended: '2026-10-25T02:45:00+01:00',
  services: pa,
});
// Five KFZ visits on 17 March, enough for figures: 10, 10, 10, 20, 30 min.
const kfz = [10, 10, 10, 20, 30].map((minutes, i) =>
  visit({
    id: `k${i}`,
    team: 'kfz',
    arrived: winter('2026-03-17', '08:00'),
    called: winter('2026-03-17', '08:10'),
    ended: new Date(Date.parse(winter('2026-03-17', '08:10')) + minutes * 60_000).toISOString(),
    services: ['KFZ-ZUL'],
  }),
);
const calls = [
  { type: 'call', id: 'c1', version: 1, site: 'offenbach', offeredAt: '2026-10-25T02:15:00+01:00' },
  {
    type: 'call',
    id: 'c2',
    version: 1,
    site: 'offenbach',
    offeredAt: winter('2026-03-10', '09:05'),
  },
];
const email = {
  type: 'email',
  id: 'e1',
  version: 1,
  site: 'offenbach',
  mailbox: 'buergerbuero',
  receivedAt: winter('2026-03-10', '09:30'),
};

async function send(events: object[]): Promise<void> {
  expect((await ingest.post(JSON.stringify(events))).status).toBe(202);
  await ingest.drained();
}

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  await send([h1, h2, h3, m1, d1, d2, ...kfz, ...calls, email]);
  await send([h1]); // re-sent, same version
  await send([m1Moved]);
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

const MARCH = { from: '2026-03-01', to: '2026-03-31' };

describe('weekday × hour and hourly volumes (contacts_hourly)', () => {
  it('counts the re-sent visit once and the moved one on its new day and site', async () => {
    const week = { from: '2026-03-09', to: '2026-03-15', channel: 'visits' as const };
    expect(await weekdayHour(db.reader, week)).toEqual([
      { weekday: 2, hour: 9, contacts: 2 },
      { weekday: 4, hour: 14, contacts: 1 },
    ]);
    expect(await weekdayHour(db.reader, { ...week, site: 'offenbach' })).toEqual([
      { weekday: 2, hour: 9, contacts: 2 },
    ]);
    expect(await weekdayHour(db.reader, { ...week, site: 'hanau' })).toEqual([
      { weekday: 4, hour: 14, contacts: 1 },
    ]);
    const wed = await hourlyVolumes(db.reader, { from: '2026-03-11', to: '2026-03-11' });
    expect(wed.filter((h) => h.visits > 0)).toEqual([]);
  });

  it('puts both 02:00 hours of the autumn change day into Sunday 2 o’clock', async () => {
    const day = { from: '2026-10-25', to: '2026-10-25' };
    expect(await weekdayHour(db.reader, { ...day, channel: 'visits' })).toEqual([
      { weekday: 7, hour: 2, contacts: 2 },
    ]);
    expect(await weekdayHour(db.reader, { ...day, channel: 'calls' })).toEqual([
      { weekday: 7, hour: 2, contacts: 1 },
    ]);
    const hours = await hourlyVolumes(db.reader, day);
    expect(hours).toHaveLength(25);
    expect(hours.filter((h) => h.visits + h.calls > 0)).toEqual([
      { hour: '2026-10-25T02:00:00+02:00', visits: 1, calls: 0, emails: 0 },
      { hour: '2026-10-25T02:00:00+01:00', visits: 1, calls: 1, emails: 0 },
    ]);
  });
});

describe('handling times (visit_services_daily, visit_handling_seconds_daily)', () => {
  const bins = (cases: Record<number, number>) =>
    Array.from({ length: 13 }, (_, i) => cases[i] ?? 0);

  it('histogram bins are exact: once for the re-sent visit, the moved one in its new bin', async () => {
    const all = await handlingHistogram(db.reader, MARCH);
    // 12 and 23 min (h1, h2 twice: PA-ANTRAG and MELD-AN), 40 min (m1 moved), KFZ 10 10 10 20 30
    expect(all.map((b) => b.cases)).toEqual(bins({ 2: 4, 4: 3, 6: 1, 8: 1 }));
    expect(all[12]).toEqual({ fromMinutes: 60, toMinutes: null, cases: 0 });
    const offenbach = await handlingHistogram(db.reader, {
      ...MARCH,
      site: 'offenbach',
      service: 'PA-ANTRAG',
    });
    expect(offenbach.map((b) => b.cases)).toEqual(bins({ 2: 1, 4: 1 }));
    const dst = await handlingHistogram(db.reader, { from: '2026-10-25', to: '2026-10-25' });
    expect(dst.map((b) => b.cases)).toEqual(bins({ 2: 1, 12: 1 }));
  });

  it('the process-change sample is the exact multiset of handling seconds', async () => {
    const sorted = async (p: Parameters<typeof handlingSample>[1]) =>
      (await handlingSample(db.reader, p)).sort((a, b) => a - b);
    expect(await sorted({ ...MARCH, service: 'PA-ANTRAG' })).toEqual([720, 1380, 2400]);
    expect(await sorted({ ...MARCH, service: 'PA-ANTRAG', site: 'offenbach' })).toEqual([
      720, 1380,
    ]);
    expect(await sorted({ ...MARCH, service: 'PA-ANTRAG', site: 'hanau' })).toEqual([2400]);
    expect(await sorted({ from: '2026-03-11', to: '2026-03-11', service: 'PA-ANTRAG' })).toEqual(
      [],
    );
    expect(await sorted({ from: '2026-10-25', to: '2026-10-25', service: 'PA-ANTRAG' })).toEqual([
      600, 4200,
    ]);
  });

  it('cases per service and team, percentiles from t-digests within the parity tolerance', async () => {
    const rows = await handlingTimes(db.reader, MARCH);
    expect(rows.map((r) => [r.service, r.team, r.cases, r.suppressed])).toEqual([
      ['KFZ-ZUL', 'kfz', 5, false],
      ['MELD-AN', 'melde-pass', 1, true],
      ['PA-ANTRAG', 'melde-pass', 3, true],
    ]);
    const k = rows[0]!;
    // Exact: 600 s median, 1200 s at 75 %, 1800 s at 90 % (nearest rank); waits all 600 s.
    // t-digest estimates within the tolerance of test/engines/parity.test.ts (10 % or 30 s).
    const near = (value: number | null, exact: number) =>
      expect(Math.abs(value! - exact)).toBeLessThanOrEqual(Math.max(exact * 0.1, 30));
    near(k.handleP50, 600);
    near(k.waitP50, 600);
    near(k.waitP90, 600);
    expect(k.handleP90!).toBeGreaterThanOrEqual(1200);
    expect(k.handleP90!).toBeLessThanOrEqual(1800);
    expect(await handlingTimes(db.reader, { ...MARCH, team: 'kfz' })).toHaveLength(1);
  });

  it('trend per month counts each case once, on its current day', async () => {
    const trend = await handlingTrend(db.reader, {
      from: '2026-03-01',
      to: '2026-10-31',
      service: 'PA-ANTRAG',
      grain: 'month',
    });
    expect(trend.map((t) => [t.period, t.cases])).toEqual([
      ['2026-03-01', 3],
      ['2026-10-01', 2],
    ]);
  });
});

describe('data quality (visit_services_daily, event_arrivals_daily)', () => {
  it('unknown codes from all visits, late arrivals per channel of the current rows', async () => {
    const dq = await dataQuality(db.reader, { from: '2026-01-01', to: '2026-11-01' });
    expect(dq.unknownServices).toEqual([{ service: 'XYZ-NEU', visits: 1, lastDay: '2026-03-10' }]);
    // Every event here reached the warehouse months after its day: all late.
    expect(dq.lateEvents).toEqual([
      { table: 'visits', events: 11, late: 11, lateShare: 1 },
      { table: 'calls', events: 2, late: 2, lateShare: 1 },
      { table: 'emails', events: 1, late: 1, lateShare: 1 },
    ]);
    expect(dq.oldestMonth).toBe('2026-03');
  });
});

describe('rebuild', () => {
  it('fills the rollups again with the same answers', async () => {
    expect(await rebuildRollups(db.admin, {})).toBe(230); // 2026-03-10 … 2026-10-25
    expect((await handlingHistogram(db.reader, MARCH)).map((b) => b.cases)).toEqual(
      Array.from({ length: 13 }, (_, i) => ({ 2: 4, 4: 3, 6: 1, 8: 1 })[i] ?? 0),
    );
  });
});
