/**
 * The live view's query modules on hand-made events sent through the ingest service, with
 * the figures worked out by hand below. Today is Wednesday 2026-11-25, now 10:15 Berlin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intradayProfile } from '../../queries/live/intraday-profile.query.ts';
import { liveDay, type LiveDay } from '../../queries/live/live-day.query.ts';
import { dayOutlook, liveView } from '../../queries/live/live-view.ts';
import { reforecast, shareBefore } from '../../queries/live/reforecast.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const TODAY = '2026-11-25';
const NOW = new Date(`${TODAY}T10:15:00+01:00`);
const at = (day: string, time: string) => `${day}T${time}:00+01:00`;
const plus = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

function visit(id: string, times: Record<string, string>, extra: object = {}) {
  return {
    type: 'visit',
    id,
    version: 1,
    site: 'offenbach',
    team: 'melde-pass',
    services: ['PA-ANTRAG'],
    outcome: 'completed',
    ...Object.fromEntries(Object.entries(times).map(([k, t]) => [k, at(TODAY, t)])),
    ...extra,
  };
}

/** A 115 call offered at `time`, answered after `answer` s or abandoned after `abandon` s. */
function call(id: string, day: string, time: string, o: { answer?: number; abandon?: number }) {
  const offeredAt = at(day, time);
  return {
    type: 'call',
    id,
    version: 1,
    site: 'offenbach',
    offeredAt,
    ...(o.answer !== undefined
      ? { answeredAt: plus(offeredAt, o.answer), talkSeconds: 120 }
      : { endedAt: plus(offeredAt, o.abandon!) }),
  };
}

const email = (id: string, receivedAt: string, closedAt?: string) => ({
  type: 'email',
  id,
  version: 1,
  site: 'offenbach',
  receivedAt,
  ...(closedAt ? { closedAt } : {}),
});

const EVENTS = [
  // completed, waited 10 min, called before the last hour
  visit('V1', { arrivedAt: '08:00', calledAt: '08:10', endedAt: '08:20' }),
  // completed, called in the last hour (after 09:15): waits 20 min and 10 min
  visit('V2', { arrivedAt: '09:00', calledAt: '09:20', endedAt: '09:35' }),
  visit('V3', { arrivedAt: '09:30', calledAt: '09:40', endedAt: '09:50' }),
  // at the desk (no end yet): its 10 min wait counts, it is not completed yet
  visit('V4', { arrivedAt: '09:50', calledAt: '10:00' }),
  // waiting now
  visit('V5', { arrivedAt: '10:05' }),
  // gave up before being called: not waiting
  visit('V6', { arrivedAt: '10:10' }, { outcome: 'left' }),
  // early for a 10:30 slot: its wait has not begun
  visit(
    'V7',
    { arrivedAt: '10:00' },
    { appointment: { bookedAt: at('2026-11-20', '12:00'), slotStart: at(TODAY, '10:30') } },
  ),
  // 08:00–08:30: three offered, two within 30 s; 09:30–10:00: two offered (one short abandon
  // is not offered), one within 30 s
  call('C1', TODAY, '08:05', { answer: 10 }),
  call('C2', TODAY, '08:10', { answer: 60 }),
  call('C3', TODAY, '08:20', { answer: 5 }),
  call('C4', TODAY, '09:40', { abandon: 3 }),
  call('C5', TODAY, '09:45', { answer: 20 }),
  call('C6', TODAY, '09:50', { abandon: 40 }),
  // received today: E1 (closed) and E2 (open); open from yesterday: E3; E4 closed today
  email('E1', at(TODAY, '08:30'), at(TODAY, '09:00')),
  email('E2', at(TODAY, '09:10')),
  email('E3', at('2026-11-24', '15:00')),
  email('E4', at('2026-11-24', '16:00'), at(TODAY, '08:00')),
  // the profile: one call at 08:15 a week ago, three at 09:15 two weeks ago, none counted
  // from Tuesday; one completed visit arriving 08:40 a week ago
  call('P1', '2026-11-18', '08:15', { answer: 10 }),
  ...['P2', 'P3', 'P4'].map((id) => call(id, '2026-11-11', '09:15', { answer: 10 })),
  call('P5', '2026-11-24', '12:00', { answer: 10 }),
  {
    ...visit('P6', {}),
    arrivedAt: at('2026-11-18', '08:40'),
    calledAt: at('2026-11-18', '08:45'),
    endedAt: at('2026-11-18', '08:55'),
  },
];

let db: TestDatabase;
let ingest: TestIngest;
let sentFrom: number;
let sentTo: number;
let day: LiveDay;

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  sentFrom = Math.floor(Date.now() / 1000) * 1000;
  expect((await ingest.post(JSON.stringify(EVENTS))).status).toBe(202);
  await ingest.drained();
  sentTo = Date.now();
  day = await liveDay(db.reader, { now: NOW });
});

afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

describe('liveDay', () => {
  it('counts visits completed and waiting at now, and the wait of the last hour', () => {
    expect(day.date).toBe(TODAY);
    expect(day.now).toBe('2026-11-25T10:15:00+01:00');
    expect(day.minuteOfDay).toBe(10 * 60 + 15);
    // V2, V3, V4 called after 09:15: waits 1200, 600, 600 s
    expect(day.visits).toEqual({
      completed: 3,
      waiting: 1,
      lastHour: { visits: 3, waitP50: 600, waitP90: 1200 },
    });
  });

  it('counts 115 calls offered and in target, per half hour and for the day', () => {
    expect(day.calls).toEqual({ offered: 5, answeredInTarget: 3, serviceLevel: 3 / 5 });
    expect(day.intervals.map((i) => [i.start.slice(11, 16), i.offered, i.serviceLevel])).toEqual([
      ['08:00', 3, 2 / 3],
      ['09:30', 2, 1 / 2],
    ]);
  });

  it('counts emails received today and the open backlog', () => {
    expect(day.emails).toEqual({ received: 2, backlog: 2 });
  });

  it('shows when the newest event was received', () => {
    const last = Date.parse(day.lastEventAt!);
    expect(last).toBeGreaterThanOrEqual(sentFrom);
    expect(last).toBeLessThanOrEqual(sentTo);
  });

  it('a day without events has no last event', async () => {
    const empty = await liveDay(db.reader, { now: new Date('2026-11-26T09:00:00+01:00') });
    expect(empty.lastEventAt).toBeNull();
    expect(empty.calls.serviceLevel).toBeNull();
    expect(empty.visits.lastHour.waitP50).toBeNull();
  });
});

describe('intraday profile and reforecast', () => {
  it('shares per half hour from the same weekdays of the last 8 weeks', async () => {
    const p = await intradayProfile(db.reader, TODAY);
    expect([...p.calls]).toEqual([
      [480, 0.25],
      [540, 0.75],
    ]);
    expect([...p.visits]).toEqual([[510, 1]]);
    expect(p.emails.size).toBe(0);
    // at 09:15: all of 08:00, half of 09:00
    expect(shareBefore(p.calls, 555)).toBeCloseTo(0.25 + 0.75 / 2, 12);
  });

  it('scales the rest of the day by actual / expected so far', () => {
    // expected 100 × 0.2 = 20, actual 30: factor 1.5, rest 100 × 1.5 × 0.8 = 120
    expect(reforecast(30, 100, 0.2)).toEqual({
      actual: 30,
      forecast: 100,
      expectedSoFar: 20,
      reforecast: 150,
      rest: 120,
    });
    // only 3 expected: the forecast stands, rest 10 × 0.7 = 7
    const early = reforecast(2, 10, 0.3);
    expect(early.rest).toBeCloseTo(7, 12);
    expect(early.reforecast).toBeCloseTo(9, 12);
    expect(reforecast(4, null, 0.5).reforecast).toBeNull();
  });

  it('without 60 days of history there is no forecast, only the actuals', async () => {
    const outlook = await dayOutlook(db.reader, TODAY);
    expect(outlook.forecasts).toEqual({ visits: null, calls: null, emails: null });
    const view = liveView(day, outlook);
    expect(view.reforecast.calls).toEqual({
      actual: 5,
      forecast: null,
      expectedSoFar: null,
      reforecast: null,
      rest: null,
    });
  });

  it('per half hour: actual offered beside forecast × profile share', async () => {
    const profile = await intradayProfile(db.reader, TODAY);
    const view = liveView(day, {
      date: TODAY,
      profile,
      forecasts: { visits: 20, calls: 40, emails: null },
    });
    expect(view.halfHours.map((h) => [h.label, h.offered, h.expected])).toEqual([
      ['08:00', 3, 10],
      ['09:00', 0, 30],
      ['09:30', 2, 0],
    ]);
    // all of the call profile lies before 10:15: expected 40, actual 5, nothing left
    expect(view.reforecast.calls).toEqual({
      actual: 5,
      forecast: 40,
      expectedSoFar: 40,
      reforecast: 5,
      rest: 0,
    });
    // the visit at 08:30–09:00 is past: expected 20, actual 3
    expect(view.reforecast.visits.expectedSoFar).toBe(20);
  });
});
