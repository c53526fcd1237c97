/**
 * GET /api/v1/staffing/backcast on the built dashboard: hand-made calls and walk-ins on a
 * recent working day, checked against the Erlang C figures worked out by hand, the default
 * model against the query itself, strict parameters, CSV, and the hour-long cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate, berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import { rosterRow } from '../../domain/reference-rows.ts';
import { staffingBackcast } from '../../queries/staffing/backcast.query.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const UNTIL = addDays(berlinDate(new Date()), -1);
/** The newest working day with data: the backcast covers the eight weeks up to yesterday. */
let DAY = UNTIL;
while (!isWorkingDay(DAY)) DAY = addDays(DAY, -1);

const at = (hhmm: string, plusSeconds = 0) =>
  toBerlinIso(
    berlinToUtc(DAY, Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60 + plusSeconds),
  );

const call = (id: string, offered: string, answerSeconds: number | null, endSeconds = 100) => ({
  type: 'call',
  id,
  version: 1,
  site: 'offenbach',
  offeredAt: at(offered),
  ...(answerSeconds === null
    ? { endedAt: at(offered, endSeconds) }
    : {
        answeredAt: at(offered, answerSeconds),
        endedAt: at(offered, answerSeconds + 200),
        talkSeconds: 200,
        wrapSeconds: 40,
      }),
});

const walkIn = (id: string, arrived: string, called: string, ended: string) => ({
  type: 'visit',
  id,
  version: 1,
  site: 'offenbach',
  team: 'melde-pass',
  services: ['PA-ANTRAG'],
  outcome: 'completed',
  arrivedAt: at(arrived),
  calledAt: at(called),
  endedAt: at(ended),
});

// 115, one agent 8:00–9:00. 8:00–8:30: answered after 10, 20, 10 and 60 s, one gives up after
// 100 s, one after 3 s (a short abandon, not offered): 3 of 5 within 30 s. 8:30–9:00: two
// answered at once. 240 s of work each.
const CALLS = [
  call('c1', '08:01', 10),
  call('c2', '08:05', 20),
  call('c3', '08:10', 10),
  call('c4', '08:12', 60),
  call('c5', '08:20', null, 100),
  call('c6', '08:25', null, 3),
  call('c7', '08:40', 0),
  call('c8', '08:50', 0),
];
// Melde/Pass, one advisor 8:00–9:00, no desk recorded (so no after-work): two walk-ins of
// 10 min at the desk, waiting 0 and 5 min, both within 15 min.
const VISITS = [walkIn('w1', '08:00', '08:00', '08:10'), walkIn('w2', '08:05', '08:10', '08:20')];

let db: TestDatabase;
let ingest: TestIngest;
let api: TestDashboard;

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  expect((await ingest.post(JSON.stringify([...CALLS, ...VISITS]))).status).toBe(202);
  await ingest.drained();
  await db.ingest.insert('roster', [
    rosterRow(
      { date: DAY, site: 'offenbach', team: 'telefon', from: '08:00', to: '09:00', persons: 1 },
      1,
    ),
    rosterRow(
      { date: DAY, site: 'offenbach', team: 'melde-pass', from: '08:00', to: '09:00', persons: 1 },
      1,
    ),
  ]);
  api = await startTestDashboard(db.name);
});
afterAll(async () => {
  await api?.stop();
  await ingest?.stop();
  await db?.drop();
});

interface Body {
  from: string;
  to: string;
  model: string;
  calls: { intervals: number; maePoints: number; dailyMaePoints: number };
  counters: { intervals: number; maePoints: number; biasPoints: number };
  intervals: { start: string; channel: string; observed: number; predicted: number }[];
}

describe('GET /api/v1/staffing/backcast', () => {
  it('Erlang C: the textbook service levels for what happened, against the observed', async () => {
    const res = await api.get('/api/v1/staffing/backcast?model=erlang-c&site=offenbach');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body).toMatchObject({ from: addDays(UNTIL, -55), to: UNTIL, model: 'erlang-c' });
    // One agent, a = 5·240/1800 = 2/3: SL = 1 − a·e^{−(1 − a)·30/240} = 0.360541; two calls,
    // a = 4/15: 0.756692. The counter: a = 2·600/1800 = 2/3, SL = 1 − a·e^{−(1 − a)·900/600}
    // = 0.595646 against 2 of 2 within 15 min.
    expect(body.intervals.map((i) => [i.start, i.channel, i.observed])).toEqual([
      [at('08:00'), 'calls', 0.6],
      [at('08:00'), 'counters', 1],
      [at('08:30'), 'calls', 1],
    ]);
    expect(body.intervals.map((i) => i.predicted)).toEqual([
      expect.closeTo(0.360541, 5),
      expect.closeTo(0.595646, 5),
      expect.closeTo(0.756692, 5),
    ]);
    expect(body.calls.intervals).toBe(2);
    expect(body.calls.maePoints).toBeCloseTo(((0.6 - 0.360541 + (1 - 0.756692)) / 2) * 100, 3);
    // The day as a whole: 5 of 7 in time against 0.360541·5 + 0.756692·2 predicted.
    expect(body.calls.dailyMaePoints).toBeCloseTo(
      (Math.abs(0.360541 * 5 + 0.756692 * 2 - 5) / 7) * 100,
      3,
    );
    expect(body.counters.intervals).toBe(1);
    expect(body.counters.maePoints).toBeCloseTo((1 - 0.595646) * 100, 3);
    expect(body.counters.biasPoints).toBeCloseTo(-(1 - 0.595646) * 100, 3);
  });

  it('Erlang A by default: what the backcast query answers', async () => {
    const res = await api.get('/api/v1/staffing/backcast');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.model).toBe('erlang-a');
    expect(body).toEqual(
      JSON.parse(JSON.stringify(await staffingBackcast(db.reader, { until: UNTIL }))),
    );
    expect(body.calls.intervals).toBe(2);
  });

  it('refuses parameters it does not know or cannot read, naming them', async () => {
    for (const [query, param] of [
      ['from=2026-11-01', 'from'],
      ['until=2026-11-01', 'until'],
      ['model=erlang-b', 'model'],
      ['site=nirgendwo', 'site'],
      ['format=pdf', 'format'],
    ]) {
      const res = await api.get(`/api/v1/staffing/backcast?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { param: string }).param, query).toBe(param);
    }
  });

  it('answers the intervals as CSV for German Excel', async () => {
    const res = await api.get('/api/v1/staffing/backcast?model=erlang-c&format=csv');
    expect(res.status).toBe(200);
    const lines = new TextDecoder()
      .decode(await res.arrayBuffer())
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Intervall ab;Kanal;Ankünfte;im Dienst;Bearbeitungszeit (s);gezählt über;Servicelevel beobachtet;Servicelevel Modell',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(`${at('08:00')};calls;5;1;240;5;0,6;0,3605`);
  });

  it('keeps its answer for the hour: a late call changes nothing until then', async () => {
    expect((await ingest.post(JSON.stringify([call('late', '08:45', 0)]))).status).toBe(202);
    await ingest.drained();
    const body = (await (
      await api.get('/api/v1/staffing/backcast?model=erlang-c&site=offenbach')
    ).json()) as Body;
    expect(body.intervals.filter((i) => i.channel === 'calls').map((i) => i.observed)).toEqual([
      0.6, 1,
    ]);
    // The query itself already sees the third call of the half hour.
    const fresh = await staffingBackcast(db.reader, {
      until: UNTIL,
      model: 'erlang-c',
      site: 'offenbach',
    });
    expect(fresh.intervals.find((i) => i.start === at('08:30'))?.arrivals).toBe(3);
  });
});
