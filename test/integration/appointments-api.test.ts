/**
 * The appointment routes on the built dashboard: JSON and CSV of hand-made appointments and a
 * slot plan, and a 400 naming any parameter they do not know or cannot read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedSearchRow, slotPlanRow } from '../../ingest/importers/slot-plans.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let api: TestDashboard;
let ingest: TestIngest;

/** PASS-ANTRAG appointments on Tuesday 10 November 2026, booked `days` before their slot. */
function booking(id: string, slot: string, days: number, outcome = 'completed') {
  const at = Date.parse(`2026-11-10T${slot}:00+01:00`);
  return {
    type: 'visit',
    id,
    version: 1,
    site: 'offenbach',
    team: 'melde-pass',
    services: ['PASS-ANTRAG'],
    outcome,
    ...(outcome === 'no_show'
      ? {}
      : {
          arrivedAt: new Date(at - 60_000).toISOString(),
          calledAt: new Date(at + 60_000).toISOString(),
          endedAt: new Date(at + 600_000).toISOString(),
        }),
    appointment: {
      bookedAt: new Date(at - days * 86_400_000).toISOString(),
      slotStart: new Date(at).toISOString(),
    },
  };
}

// Lead times 1, 2, 4, 8, 16 days: median 4, 90 % 16. Two at 08:00, three at 08:30; one no-show
// (15 min of target) of five appointments.
const EVENTS = [
  booking('b1', '08:00', 1),
  booking('b2', '08:00', 2),
  booking('b3', '08:30', 4),
  booking('b4', '08:30', 8),
  booking('b5', '08:30', 16, 'no_show'),
];
const Q = 'from=2026-11-09&to=2026-11-15';

beforeAll(async () => {
  db = await createTestDatabase();
  // Through the ingest service: the site filter knows the sites from the rollups it keeps.
  ingest = await startTestIngest(db.name);
  expect((await ingest.post(JSON.stringify(EVENTS))).status).toBe(202);
  await ingest.drained();
  await db.ingest.insert('slot_plans', [
    slotPlanRow({ date: '2026-11-10', site: 'offenbach', from: '08:00', to: '09:00', slots: 6 }, 1),
  ]);
  await db.ingest.insert('failed_searches', [
    failedSearchRow(
      { date: '2026-11-10', site: 'offenbach', service: 'PASS-ANTRAG', searches: 9 },
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

async function getJson(path: string): Promise<unknown> {
  const res = await api.get(path);
  expect(res.status, path).toBe(200);
  return res.json();
}

async function getCsv(path: string): Promise<string[]> {
  const res = await api.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  return new TextDecoder()
    .decode(await res.arrayBuffer())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

describe('GET /api/v1/appointments/*', () => {
  it('lead-time: median and 90 % per service and week, JSON and CSV', async () => {
    expect(await getJson(`/api/v1/appointments/lead-time?${Q}&site=offenbach`)).toEqual([
      {
        week: '2026-11-09',
        service: 'PASS-ANTRAG',
        appointments: 5,
        p50Days: 4,
        p90Days: 16,
        suppressed: false,
      },
    ]);
    expect(await getCsv(`/api/v1/appointments/lead-time?${Q}&format=csv`)).toEqual([
      'Woche ab;Dienstleistung;Termine;Vorlaufzeit Median (Tage);Vorlaufzeit 90 % (Tage);zu wenige Fälle',
      '09.11.2026;PASS-ANTRAG;5;4;16;nein',
    ]);
  });

  it('capacity: booked against offered per half hour, failed searches per day', async () => {
    const body = (await getJson(
      `/api/v1/appointments/capacity?${Q}&service=PASS-ANTRAG`,
    )) as Record<string, unknown>;
    // The plan row has no service, so it offers nothing to one service in particular.
    expect(body.halfHours).toEqual([
      { date: '2026-11-10', time: '08:00', booked: 2, offered: 0, planned: 0 },
      { date: '2026-11-10', time: '08:30', booked: 3, offered: 0, planned: 0 },
    ]);
    expect(body.failedSearches).toEqual([
      { date: '2026-11-10', service: 'PASS-ANTRAG', searches: 9 },
    ]);
    expect(await getCsv(`/api/v1/appointments/capacity?${Q}&format=csv`)).toEqual([
      'Datum;Halbstunde ab;gebucht;angeboten;im Terminplan',
      '10.11.2026;08:00;2;3;3',
      '10.11.2026;08:30;3;3;3',
    ]);
  });

  it('no-shows: lost desk hours per week and the overbooking at the chosen risk', async () => {
    const body = (await getJson(`/api/v1/appointments/no-shows?${Q}&risk=0.2`)) as {
      weeks: unknown[];
      noShowRate: number;
      risk: number;
      overbooking: { slots: number; extra: number }[];
    };
    expect(body.weeks).toEqual([
      { week: '2026-11-09', noShows: 1, lostHours: 0.25, unpricedServices: 0 },
    ]);
    expect(body.noShowRate).toBe(0.2);
    expect(body.risk).toBe(0.2);
    // One slot, one extra: both come with 0.8² = 0.64 > 0.2, so none.
    expect(body.overbooking[0]).toEqual({ slots: 1, extra: 0, overflowRisk: 0 });
    expect(await getCsv(`/api/v1/appointments/no-shows?${Q}&format=csv`)).toEqual([
      'Woche ab;nicht erschienen;verlorene Schalterstunden;Dienstleistungen ohne Zielzeit',
      '09.11.2026;1;0,25;0',
    ]);
  });

  it('answers an Excel workbook with ?format=xlsx', async () => {
    const res = await api.get(`/api/v1/appointments/capacity?${Q}&format=xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(
      'termine-gebucht-angeboten-2026-11-09-2026-11-15.xlsx',
    );
    // A zip archive, as every .xlsx is.
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 2)).toEqual(
      new Uint8Array([0x50, 0x4b]),
    );
  });

  it('refuses parameters they do not know or cannot read, naming them', async () => {
    for (const [path, param] of [
      [`lead-time?${Q}&team=kfz`, 'team'],
      [`capacity?${Q}&risk=0.1`, 'risk'],
      [`no-shows?${Q}&risk=1.5`, 'risk'],
      [`no-shows?${Q}&risk=abc`, 'risk'],
      [`lead-time?from=2026-11-09`, 'to'],
      [`capacity?${Q}&service=NICHTS`, 'service'],
      [`no-shows?${Q}&format=pdf`, 'format'],
    ]) {
      const res = await api.get(`/api/v1/appointments/${path}`);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { param: string }).param, path).toBe(param);
    }
  });
});
