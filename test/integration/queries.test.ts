import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callIntervals } from '../../queries/call-intervals/call-intervals.query.ts';
import { dataQuality } from '../../queries/data-quality/data-quality.query.ts';
import { emailBacklog } from '../../queries/email-backlog/email-backlog.query.ts';
import { handlingTimes } from '../../queries/handling-times/handling-times.query.ts';
import { processChange } from '../../queries/process-change/process-change.query.ts';
import { dailyVolumes } from '../../queries/volumes/daily-volumes.query.ts';
import { hourlyVolumes } from '../../queries/volumes/hourly-volumes.query.ts';
import { weekdayHour } from '../../queries/volumes/weekday-hour.query.ts';
import { CALLS, EMAILS, VISITS } from '../support/kpi-fixture.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;

const call = (id: string, offeredAt: string) => ({
  type: 'call',
  id,
  version: 1,
  site: 'offenbach',
  offeredAt,
});

/** Visits of one service with given handling minutes, one per working day starting at `day`. */
function visitsWithHandling(prefix: string, days: string[], minutes: number[]) {
  return days.map((day, i) => ({
    type: 'visit',
    id: `${prefix}-${i}`,
    version: 1,
    site: 'offenbach',
    team: 'melde-pass',
    arrivedAt: `${day}T08:00:00+01:00`,
    calledAt: `${day}T08:05:00+01:00`,
    endedAt: new Date(
      Date.parse(`${day}T08:05:00+01:00`) + minutes[i % minutes.length]! * 60_000,
    ).toISOString(),
    services: ['PA-ANTRAG'],
    outcome: 'completed',
  }));
}

const febDays = Array.from({ length: 20 }, (_, i) => `2026-02-${String(i + 2).padStart(2, '0')}`);
const marDays = Array.from({ length: 20 }, (_, i) => `2026-03-${String(i + 2).padStart(2, '0')}`);

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  const events = [
    ...VISITS,
    ...CALLS,
    ...EMAILS,
    // the spring and autumn clock changes, and 00:30 local on 1 December
    call('dst-1', '2026-03-29T01:30:00+01:00'),
    call('dst-2', '2026-03-29T03:30:00+02:00'),
    call('dst-3', '2026-10-25T02:30:00+02:00'),
    call('dst-4', '2026-10-25T02:30:00+01:00'),
    call('midnight', '2026-12-01T00:30:00+01:00'),
    // a process change on 2026-03-02: handling 20 → 12 minutes
    ...visitsWithHandling('before', febDays.slice(0, 19), [18, 20, 22]),
    ...visitsWithHandling('after', marDays.slice(0, 19), [11, 12, 13]),
    // a code missing from the catalog
    { ...VISITS[0]!, id: 'unknown-code', services: ['XYZ-NEU'] },
  ];
  expect((await ingest.post(JSON.stringify(events))).status).toBe(202);
  expect((await ingest.post(JSON.stringify([{ type: 'call', id: 'bad' }]))).status).toBe(202);
  await ingest.drained();
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

describe('time: local days and hours', () => {
  it('the spring change day has 23 hours, the autumn one 25, each event in its own hour', async () => {
    const spring = await hourlyVolumes(db.reader, { from: '2026-03-29', to: '2026-03-29' });
    expect(spring).toHaveLength(23);
    expect(spring.filter((h) => h.calls > 0).map((h) => h.hour)).toEqual([
      '2026-03-29T01:00:00+01:00',
      '2026-03-29T03:00:00+02:00',
    ]);
    const autumn = await hourlyVolumes(db.reader, { from: '2026-10-25', to: '2026-10-25' });
    expect(autumn).toHaveLength(25);
    expect(autumn.filter((h) => h.calls > 0).map((h) => h.hour)).toEqual([
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
    ]);
  });

  it('an event at 00:30 local belongs to its local day', async () => {
    const days = await dailyVolumes(db.reader, { from: '2026-11-30', to: '2026-12-01' });
    expect(days).toEqual([
      { date: '2026-11-30', visits: 0, calls: 0, emails: 0 },
      { date: '2026-12-01', visits: 0, calls: 1, emails: 0 },
    ]);
  });

  it('daily volumes list every day, zeros included', async () => {
    const days = await dailyVolumes(db.reader, { from: '2026-03-09', to: '2026-03-11' });
    // One synthetic PA-ANTRAG visit a day; on 2026-03-10 also v1 v2 v3 v4 v6 and the
    // unknown-code copy of v1, calls offered 5 (6 − the short abandon), emails 4.
    expect(days).toEqual([
      { date: '2026-03-09', visits: 1, calls: 0, emails: 1 },
      { date: '2026-03-10', visits: 7, calls: 5, emails: 4 },
      { date: '2026-03-11', visits: 1, calls: 0, emails: 1 },
    ]);
  });

  it('weekday × hour uses local time', async () => {
    const cells = await weekdayHour(db.reader, {
      from: '2026-10-25',
      to: '2026-10-25',
      channel: 'calls',
    });
    expect(cells).toEqual([{ weekday: 7, hour: 2, contacts: 2 }]);
  });
});

describe('115 intervals and email backlog', () => {
  it('30-minute intervals with service level against the target', async () => {
    const rows = await callIntervals(db.reader, { from: '2026-03-10', to: '2026-03-10' });
    expect(rows).toEqual([
      {
        start: '2026-03-10T08:00:00+01:00',
        offered: 5,
        answered: 3,
        answeredInTarget: 2,
        serviceLevel: 0.4,
        belowTarget: true,
      },
    ]);
  });

  it('backlog at the end of each day', async () => {
    const rows = await emailBacklog(db.reader, { from: '2026-03-09', to: '2026-03-12' });
    expect(rows.map((r) => [r.date, r.backlog])).toEqual([
      ['2026-03-09', 1], // e4
      ['2026-03-10', 3], // e4 e2 e3 (e1 e6 closed the same day)
      ['2026-03-11', 3], // + e5, − e4
      ['2026-03-12', 2], // − e2
    ]);
  });
});

describe('handling times and process change', () => {
  it('per service and team, groups under the minimum suppressed', async () => {
    const rows = await handlingTimes(db.reader, { from: '2026-03-10', to: '2026-03-10' });
    const meldAn = rows.find((r) => r.service === 'MELD-AN')!;
    expect(meldAn).toMatchObject({ cases: 1, handleP50: null, suppressed: true });
    const pa = (
      await handlingTimes(db.reader, { from: '2026-03-02', to: '2026-03-27', service: 'PA-ANTRAG' })
    )[0]!;
    expect(pa.suppressed).toBe(false);
    expect(pa.cases).toBe(20); // 19 synthetic + v3
    expect(pa.handleP50).toBe(12 * 60);
  });

  it('a drop from 20 to 12 minutes is "signifikant kürzer" with both sides counted', async () => {
    const r = await processChange(db.reader, {
      date: '2026-03-02',
      service: 'PA-ANTRAG',
      windowDays: 28,
    });
    expect(r.before).toMatchObject({ cases: 19, medianSeconds: 20 * 60 });
    expect(r.after.medianSeconds).toBe(12 * 60);
    expect(r.differenceSeconds).toBe(-8 * 60);
    expect(r.confidenceInterval!.upper).toBeLessThan(0);
    expect(r.verdict).toBe('signifikant kürzer');
  });

  it('no change when the windows hold the same process', async () => {
    const r = await processChange(db.reader, {
      date: '2026-02-12',
      service: 'PA-ANTRAG',
      windowDays: 10,
    });
    expect(r.verdict).toBe('kein belastbarer Unterschied');
  });
});

describe('data quality', () => {
  it('lists rejects by reason and source, unknown service codes, last delivery per source', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const dq = await dataQuality(db.reader, { from: '2026-01-01', to: today });
    expect(dq.rejectsByReason).toEqual([
      expect.objectContaining({ source: 'test-source', reason: 'missing_field', rejects: 1 }),
    ]);
    expect(dq.unknownServices).toEqual([{ service: 'XYZ-NEU', visits: 1, lastDay: '2026-03-10' }]);
    expect(dq.sources[0]).toMatchObject({
      source: 'test-source',
      channel: 'api',
      accepted: expect.any(Number),
      rejected: 1,
    });
    expect(dq.oldestMonth).toBe('2026-02');
  });
});
