import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../ingest/importers/file-import.ts';
import { loadMapping, mappingSchema } from '../../ingest/importers/mapping.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { generateDays } from '../../demo/generator.ts';
import { demoSlotPlan } from '../../demo/slot-plans.ts';
import { capacity } from '../../queries/appointments/capacity.query.ts';
import { leadTimes } from '../../queries/appointments/lead-time.query.ts';
import { noShows } from '../../queries/appointments/no-shows.query.ts';
import { validateEvent, type Event } from '../../domain/contract/event.ts';
import { insertEvents } from '../support/insert-events.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;

/** An appointment at `slot`, booked at `booked` (ISO with offset); completed unless no-show. */
function appointment(
  id: string,
  booked: string,
  slot: string,
  services: string[],
  extra: Record<string, unknown> = {},
) {
  const at = Date.parse(slot);
  const noShow = extra.outcome === 'no_show';
  return {
    type: 'visit',
    id,
    version: 1,
    site: 'offenbach',
    team: services[0]!.startsWith('KFZ') ? 'kfz' : 'melde-pass',
    services,
    outcome: 'completed',
    ...(noShow
      ? {}
      : {
          arrivedAt: new Date(at - 300_000).toISOString(),
          calledAt: new Date(at + 60_000).toISOString(),
          endedAt: new Date(at + 900_000).toISOString(),
        }),
    appointment: { bookedAt: booked, slotStart: slot },
    ...extra,
  };
}

// The clocks went forward on Sunday 29 March 2026. Lead times of PASS-ANTRAG in the week of
// Monday 30 March, real elapsed time: a1 10 days less the lost hour (239 h = 9.958333 d), a2
// 3 days less an hour (2.958333 d), a3 1.5 h (0.0625 d), a4 15 days less an hour
// (14.958333 d), a5 2 days (summer time on both ends). Five values: the exact median is the
// third, 2.958333 d; the 90 % quantile the fifth (⌊0.9·5⌋ = 4), 14.958333 d.
const EVENTS = [
  appointment('a1', '2026-03-20T10:00:00+01:00', '2026-03-30T10:00:00+02:00', ['PASS-ANTRAG']),
  appointment('a2', '2026-03-27T08:00:00+01:00', '2026-03-30T08:00:00+02:00', ['PASS-ANTRAG']),
  appointment('a3', '2026-03-30T07:00:00+02:00', '2026-03-30T08:30:00+02:00', ['PASS-ANTRAG']),
  appointment('a4', '2026-03-16T09:00:00+01:00', '2026-03-31T09:00:00+02:00', ['PASS-ANTRAG']),
  appointment('a5', '2026-03-31T12:00:00+02:00', '2026-04-02T12:00:00+02:00', ['PASS-ANTRAG'], {
    outcome: 'no_show',
  }),
  // Re-sent: counts once.
  {
    ...appointment('a1', '2026-03-20T10:00:00+01:00', '2026-03-30T10:00:00+02:00', ['PASS-ANTRAG']),
    version: 2,
  },
  // Two vehicle registrations: too few for a figure.
  appointment('k1', '2026-03-24T10:00:00+01:00', '2026-03-31T10:00:00+02:00', ['KFZ-ZUL']),
  appointment('k2', '2026-03-25T10:00:00+01:00', '2026-03-31T10:30:00+02:00', ['KFZ-ZUL']),
  // A combined no-show the week after: 15 + 10 min of targets, one code the catalog lacks.
  appointment(
    'n2',
    '2026-03-25T10:00:00+01:00',
    '2026-04-07T09:00:00+02:00',
    ['PASS-ANTRAG', 'KIND-PASS', 'XX-UNBEKANNT'],
    { outcome: 'no_show' },
  ),
  // A walk-in has no lead time and no slot.
  {
    type: 'visit',
    id: 'w1',
    version: 1,
    site: 'offenbach',
    team: 'melde-pass',
    services: ['PASS-ANTRAG'],
    outcome: 'completed',
    arrivedAt: '2026-03-30T08:10:00+02:00',
  },
  // Another office, one day of lead time.
  {
    ...appointment('z1', '2026-03-29T08:00:00+02:00', '2026-03-30T08:00:00+02:00', ['PASS-ANTRAG']),
    site: 'zweitstelle',
  },
];

const base = {
  delimiter: ';',
  header: true,
  dayFormat: 'dd.MM.yyyy',
};
const PLAN_MAPPING = mappingSchema.parse({
  ...base,
  type: 'slot-plan',
  fields: { date: 'Datum', from: 'von', to: 'bis', slots: 'Termine', service: 'Dienstleistung' },
  constants: { site: 'offenbach' },
});
const SEARCH_MAPPING = mappingSchema.parse({
  ...base,
  type: 'failed-search',
  fields: { date: 'Datum', service: 'Dienstleistung', searches: 'Suchen', site: 'Standort' },
});

/** Writes a CSV with the given modification time (its version) and imports it. */
async function importCsv(name: string, text: string, mtime: number, mapping = PLAN_MAPPING) {
  const path = join(dir, name);
  writeFileSync(path, text);
  utimesSync(path, mtime, mtime);
  return importFile(path, mapping, { wh: db.ingest, source: 'terminsystem' });
}

const HEADER = 'Datum;von;bis;Termine;Dienstleistung\n';
const WEEK = { from: '2026-03-30', to: '2026-04-05' };

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-slots-'));
  // Validated like the API does, written as the writer writes (these queries read no rollup).
  const events = EVENTS.map((e) => {
    const v = validateEvent(e);
    if (!v.ok) throw new Error(`${e.id}: ${JSON.stringify(v.issues)}`);
    return v.value;
  });
  await insertEvents(db.ingest, events as Event[]);
  // The first plan of 30 March had a 10:00 row; the re-import of that day drops it.
  await importCsv(
    'plan-1.csv',
    `${HEADER}30.03.2026;08:00;10:00;6;PASS-ANTRAG\n30.03.2026;10:00;11:00;4;\n`,
    1_774_000_000,
  );
  const second = await importCsv(
    'plan-2.csv',
    // 08:00–10:00 with 8 slots: 2 per half hour. 08:15–09:00 with 3: 15 of 45 minutes in the
    // 08:00 half hour (1 slot), 30 in the 08:30 one (2). Good Friday (3 April) is a holiday.
    `${HEADER}30.03.2026;08:00;10:00;8;PASS-ANTRAG\n30.03.2026;08:15;09:00;3;\n03.04.2026;08:00;09:00;4;\n31.03.2026;09:00;08:00;2;\n`,
    1_774_100_000,
  );
  expect(second).toMatchObject({ rowsRead: 4, accepted: 3, rejected: 1 });
  expect(second.sampleRejects[0]).toMatchObject({ line: 5 });
  // Imported twice: nothing changes.
  await importCsv(
    'plan-2-again.csv',
    `${HEADER}30.03.2026;08:00;10:00;8;PASS-ANTRAG\n30.03.2026;08:15;09:00;3;\n03.04.2026;08:00;09:00;4;\n`,
    1_774_100_000,
  );
  const searches = 'Datum;Dienstleistung;Suchen;Standort\n';
  await importCsv(
    'suchen-1.csv',
    `${searches}30.03.2026;PASS-ANTRAG;12;offenbach\n30.03.2026;KFZ-ZUL;3;offenbach\n31.03.2026;;4;offenbach\n30.03.2026;PASS-ANTRAG;7;zweitstelle\n`,
    1_774_000_000,
    SEARCH_MAPPING,
  );
  // A corrected count replaces the first.
  await importCsv(
    'suchen-2.csv',
    `${searches}30.03.2026;PASS-ANTRAG;15;offenbach\n`,
    1_774_100_000,
    SEARCH_MAPPING,
  );
});
afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lead time', () => {
  it('median and 90 % quantile per service and week, in real elapsed days', async () => {
    const rows = await leadTimes(db.reader, { ...WEEK, site: 'offenbach' });
    expect(rows).toHaveLength(2);
    const [kfz, pass] = rows;
    expect(kfz).toEqual({
      week: '2026-03-30',
      service: 'KFZ-ZUL',
      appointments: 2,
      p50Days: null,
      p90Days: null,
      suppressed: true,
    });
    expect(pass).toMatchObject({
      week: '2026-03-30',
      service: 'PASS-ANTRAG',
      appointments: 5,
      suppressed: false,
    });
    expect(pass!.p50Days).toBeCloseTo(71 / 24, 9);
    expect(pass!.p90Days).toBeCloseTo(359 / 24, 9);
  });

  it('all sites together, one service, an empty range', async () => {
    const all = await leadTimes(db.reader, { ...WEEK, service: 'PASS-ANTRAG' });
    // With z1's day: 0.0625, 1, 2, 2.958, 9.958, 14.958 — the 4th (⌊0.5·6⌋ = 3) and the 6th.
    expect(all).toHaveLength(1);
    expect(all[0]!.appointments).toBe(6);
    expect(all[0]!.p50Days).toBeCloseTo(71 / 24, 9);
    expect(all[0]!.p90Days).toBeCloseTo(359 / 24, 9);
    expect(await leadTimes(db.reader, { from: '2026-01-05', to: '2026-01-11' })).toEqual([]);
  });
});

describe('booked against offered', () => {
  it('per half hour from the newest plan of each day, a holiday offering nothing', async () => {
    const c = await capacity(db.reader, { ...WEEK, site: 'offenbach' });
    expect(c.halfHours).toEqual([
      { date: '2026-03-30', time: '08:00', booked: 1, offered: 3, planned: 3 },
      { date: '2026-03-30', time: '08:30', booked: 1, offered: 4, planned: 4 },
      { date: '2026-03-30', time: '09:00', booked: 0, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '09:30', booked: 0, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '10:00', booked: 1, offered: 0, planned: 0 },
      { date: '2026-03-31', time: '09:00', booked: 1, offered: 0, planned: 0 },
      { date: '2026-03-31', time: '10:00', booked: 1, offered: 0, planned: 0 },
      { date: '2026-03-31', time: '10:30', booked: 1, offered: 0, planned: 0 },
      { date: '2026-04-02', time: '12:00', booked: 1, offered: 0, planned: 0 },
      { date: '2026-04-03', time: '08:00', booked: 0, offered: 0, planned: 2 },
      { date: '2026-04-03', time: '08:30', booked: 0, offered: 0, planned: 2 },
    ]);
    expect(c.days).toEqual([
      {
        date: '2026-03-30',
        booked: 3,
        offered: 11,
        planned: 11,
        failedSearches: 18,
        holiday: false,
      },
      { date: '2026-03-31', booked: 3, offered: 0, planned: 0, failedSearches: 4, holiday: false },
      { date: '2026-04-02', booked: 1, offered: 0, planned: 0, failedSearches: 0, holiday: false },
      { date: '2026-04-03', booked: 0, offered: 0, planned: 4, failedSearches: 0, holiday: true },
    ]);
    expect(c.failedSearches).toEqual([
      { date: '2026-03-30', service: 'KFZ-ZUL', searches: 3 },
      { date: '2026-03-30', service: 'PASS-ANTRAG', searches: 15 },
      { date: '2026-03-31', service: '', searches: 4 },
    ]);
  });

  it('for one service: its plan rows and the bookings that include it', async () => {
    const c = await capacity(db.reader, {
      from: '2026-03-30',
      to: '2026-03-30',
      service: 'PASS-ANTRAG',
    });
    expect(c.halfHours).toEqual([
      // z1 of the other office is booked at 08:00 too.
      { date: '2026-03-30', time: '08:00', booked: 2, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '08:30', booked: 1, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '09:00', booked: 0, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '09:30', booked: 0, offered: 2, planned: 2 },
      { date: '2026-03-30', time: '10:00', booked: 1, offered: 0, planned: 0 },
    ]);
    // Both offices' failed searches for the passport on that day: 15 + 7.
    expect(c.failedSearches).toEqual([
      { date: '2026-03-30', service: 'PASS-ANTRAG', searches: 22 },
    ]);
  });
  it('an empty range: nothing booked, offered or searched', async () => {
    expect(await capacity(db.reader, { from: '2026-01-05', to: '2026-01-11' })).toEqual({
      halfHours: [],
      days: [],
      failedSearches: [],
    });
  });
});

describe('no-shows', () => {
  it('cost the target handling times of their services, per week', async () => {
    const r = await noShows(db.reader, {
      from: '2026-03-30',
      to: '2026-04-12',
      site: 'offenbach',
      risk: 0.05,
      maxSlots: 10,
    });
    expect(r.weeks).toEqual([
      // a5: PASS-ANTRAG, 15 min.
      { week: '2026-03-30', noShows: 1, lostHours: 0.25, unpricedServices: 0 },
      // n2: 15 + 10 min; XX-UNBEKANNT has no target.
      {
        week: '2026-04-06',
        noShows: 1,
        lostHours: expect.closeTo(25 / 60, 12),
        unpricedServices: 1,
      },
    ]);
    // 2 of 8 appointments of the office were no-shows.
    expect(r.noShowRate).toBe(0.25);
    expect(r.overbooking).toHaveLength(10);
    // One slot: one extra booking overflows with 0.75² = 0.5625. Ten slots: one extra
    // overflows with 0.75¹¹ = 0.042235; two with 0.75¹² + 12·0.25·0.75¹¹ = 0.158381.
    expect(r.overbooking[0]).toEqual({ slots: 1, extra: 0, overflowRisk: 0 });
    expect(r.overbooking[9]).toMatchObject({ slots: 10, extra: 1 });
    expect(r.overbooking[9]!.overflowRisk).toBeCloseTo(0.042235, 6);
  });

  it('without appointments: no rate, no overbooking', async () => {
    const r = await noShows(db.reader, { from: '2026-01-05', to: '2026-01-11', risk: 0.05 });
    expect(r).toEqual({ weeks: [], noShowRate: null, risk: 0.05, overbooking: [] });
  });
});

describe('example files', () => {
  it('the shipped slot plan and failed-search examples import without a reject', async () => {
    const examples = join(PROJECT_ROOT, 'ingest/importers/examples');
    for (const [file, rows] of [
      ['terminplan', 3],
      ['fehlgeschlagene-suchen', 2],
    ] as const) {
      const summary = await importFile(
        join(examples, `${file}.csv`),
        loadMapping(join(examples, `${file}.mapping.json`)),
        { wh: db.ingest, source: 'beispiel' },
      );
      expect(summary).toMatchObject({ rowsRead: rows, accepted: rows, rejected: 0 });
    }
  });
});

describe('demo slot plans', () => {
  const dayOf = (date: string) => [...generateDays({ from: date, to: date, seed: 7 })][0]!;

  it('offer at least what the demo booked in every half hour', () => {
    const day = dayOf('2026-03-10');
    const { plans } = demoSlotPlan(day);
    const booked = new Map<number, number>();
    for (const e of day.events)
      if (e.type === 'visit' && e.appointment) {
        const t = new Date(e.appointment.slotStart);
        // March: UTC + 1 h.
        const m = (t.getUTCHours() + 1) * 60 + t.getUTCMinutes() - (t.getUTCMinutes() % 30);
        booked.set(m, (booked.get(m) ?? 0) + 1);
      }
    expect(booked.size).toBeGreaterThan(0);
    for (const [m, n] of booked) {
      const row = plans.find((p) => p.from_minute === m);
      expect(row?.slots, String(m)).toBeGreaterThanOrEqual(n);
    }
  });

  it('have more failed searches in the passport rush than in autumn', () => {
    const failed = (date: string) =>
      demoSlotPlan(dayOf(date)).failedSearches.reduce((a, f) => a + f.searches, 0);
    expect(failed('2026-06-16')).toBeGreaterThan(2 * failed('2026-03-10'));
    expect(failed('2026-11-17')).toBe(0);
  });
});
