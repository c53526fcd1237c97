/**
 * GET /api/v1/online-share on the built dashboard, with online transactions and counter
 * visits sent through the ingest API: JSON with the online start, CSV, and a 400 naming a
 * parameter it does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let api: TestDashboard;
let ingest: TestIngest;

const online = (id: string, completedAt: string, outcome = 'completed', version = 1) => ({
  type: 'online',
  id,
  version,
  site: 'offenbach',
  service: 'BEWOHNERPARK',
  completedAt,
  channel: 'bewohnerparken',
  outcome,
});
const visit = (id: string, arrivedAt: string) => ({
  type: 'visit',
  id,
  version: 1,
  site: 'offenbach',
  arrivedAt,
  team: 'melde-pass',
  services: ['BEWOHNERPARK'],
  outcome: 'completed',
});

// November 2026: three completed online (n1 sent twice), one aborted, one counter visit → 3/4.
const EVENTS = [
  online('n1', '2026-11-02T10:00:00+01:00'),
  online('n1', '2026-11-02T10:00:00+01:00'),
  online('n2', '2026-11-03T10:00:00+01:00'),
  online('n3', '2026-11-04T10:00:00+01:00'),
  online('n4', '2026-11-04T11:00:00+01:00', 'aborted'),
  visit('w1', '2026-11-05T09:00:00+01:00'),
];
const Q = 'from=2026-11-01&to=2026-11-30';

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  const res = await ingest.post(JSON.stringify(EVENTS));
  expect(res.status).toBe(202);
  expect(res.json).toEqual({ accepted: 6, rejected: [] });
  await ingest.drained();
  api = await startTestDashboard(db.name);
});
afterAll(async () => {
  await api?.stop();
  await ingest?.stop();
  await db?.drop();
});

describe('GET /api/v1/online-share', () => {
  it('answers the share per service and month and the online start as JSON and CSV', async () => {
    const res = await api.get(`/api/v1/online-share?${Q}&site=offenbach`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      rows: [
        {
          month: '2026-11-01',
          service: 'BEWOHNERPARK',
          online: 3,
          aborted: 1,
          counter: 1,
          share: 0.75,
        },
      ],
      starts: [{ channel: 'bewohnerparken', month: '2026-11-01' }],
    });
    const csv = await api.get(`/api/v1/online-share?${Q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(
      new TextDecoder()
        .decode(await csv.arrayBuffer())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toEqual([
      'Monat ab;Dienstleistung;online abgeschlossen;online abgebrochen;am Schalter abgeschlossen;Onlineanteil',
      '01.11.2026;BEWOHNERPARK;3;1;1;0,75',
    ]);
  });

  it('refuses a parameter it does not know, naming it', async () => {
    for (const [query, param] of [
      [`${Q}&channel=i-kfz`, 'channel'],
      [`${Q}&service=NICHTS`, 'service'],
      ['from=2026-11-01', 'to'],
    ]) {
      const res = await api.get(`/api/v1/online-share?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { param: string }).param, query).toBe(param);
    }
  });
});
