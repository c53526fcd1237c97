/**
 * GET /api/v1/forecast/renewals on the built dashboard: the expected renewals of the months
 * from today on, from issuances written with the ingest user, as JSON and as German CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { issuanceRow } from '../../ingest/importers/issuances.ts';
import { shiftMonths } from '../../queries/forecast/renewal-waves.query.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const M0 = `${berlinDate(new Date()).slice(0, 7)}-01`;
const M1 = shiftMonths(M0, 1);
const ym = (m: string, back: number) => shiftMonths(m, -12 * back).slice(0, 7);
const dmy = (m: string) => `${m.slice(8, 10)}.${m.slice(5, 7)}.${m.slice(0, 4)}`;

let db: TestDatabase;
let api: TestDashboard;
beforeAll(async () => {
  db = await createTestDatabase();
  const rows = [
    { month: ym(M0, 10), document: 'personalausweis', issued: 1000 },
    { month: ym(M0, 6), document: 'personalausweis', issued: 200 },
    { month: ym(M1, 10), document: 'personalausweis', issued: 500 },
    { month: ym(M0, 10), document: 'reisepass', issued: 100 },
    { month: ym(M0, 6), document: 'reisepass', issued: 20 },
    { month: ym(M1, 10), document: 'reisepass', issued: 40 },
    { month: ym(M1, 6), document: 'reisepass', issued: 0 },
  ] as const;
  await db.ingest.insert(
    'issuances',
    rows.map((r) => issuanceRow({ ...r, site: 'offenbach' }, 1)),
  );
  api = await startTestDashboard(db.name);
});
afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

describe('GET /api/v1/forecast/renewals', () => {
  it('answers the expected renewals per month and document; a missing month is unknown', async () => {
    const res = await api.get('/api/v1/forecast/renewals?months=2');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>[];
    // M0: Personalausweis 0.85 × 1000 + 0.15 × 200 = 880, Reisepass 0.85 × 100 + 0.15 × 20 = 88.
    // M1: Personalausweis lacks the month 6 years back; Reisepass 0.85 × 40 + 0.15 × 0 = 34.
    expect(body.map(({ basedOn: _, ...m }) => m)).toEqual([
      {
        month: M0,
        expectedRenewals: 968,
        byDocument: [
          { document: 'personalausweis', expectedRenewals: 880 },
          { document: 'reisepass', expectedRenewals: 88 },
        ],
        unknown: [],
      },
      {
        month: M1,
        expectedRenewals: 34,
        byDocument: [
          { document: 'personalausweis', expectedRenewals: null },
          { document: 'reisepass', expectedRenewals: 34 },
        ],
        unknown: ['personalausweis'],
      },
    ]);
  });

  it('as CSV: one column per document, unknown left empty', async () => {
    const res = await api.get('/api/v1/forecast/renewals?months=2&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toEqual([
      'Monat;Personalausweis;Reisepass;Führerschein-Umtausch;erwartete Erneuerungen',
      `${dmy(M0)};880;88;;968`,
      `${dmy(M1)};;34;;34`,
    ]);
  });

  it('as XLSX and with a bad parameter', async () => {
    const xlsx = await api.get('/api/v1/forecast/renewals?format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const bad = await api.get('/api/v1/forecast/renewals?months=99');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { param: string }).param).toBe('months');
    // The renewal regressor is for counter visits only.
    const calls = await api.get('/api/v1/forecast/daily?channel=calls&renewals=true');
    expect(calls.status).toBe(400);
    expect(((await calls.json()) as { param: string }).param).toBe('renewals');
  });
});
