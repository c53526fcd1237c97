import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summary } from '../../queries/summary/summary.query.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { CALLS, EMAILS, VISITS } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;
let api: TestDashboard;
beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  expect((await ingest.post(JSON.stringify([...VISITS, ...CALLS, ...EMAILS]))).status).toBe(202);
  await ingest.drained();
  api = await startTestDashboard(db.name);
});
afterAll(async () => {
  await api?.stop();
  await ingest?.stop();
  await db?.drop();
});

const RANGE = 'from=2026-03-09&to=2026-03-11';

describe('read API', () => {
  it('GET /api/v1/kpi/summary answers the same numbers as the summary query', async () => {
    const res = await api.get(`/api/v1/kpi/summary?${RANGE}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { visits: { contacts: number }; calls: { offered: number } };
    expect(body).toEqual(
      JSON.parse(
        JSON.stringify(await summary(db.reader, { from: '2026-03-09', to: '2026-03-11' })),
      ),
    );
    expect(body.visits.contacts).toBe(5);
    expect(body.calls.offered).toBe(5);
  });

  it('GET /api/v1/volumes/daily lists every day', async () => {
    const res = await api.get(`/api/v1/volumes/daily?${RANGE}`);
    expect(await res.json()).toEqual([
      { date: '2026-03-09', visits: 0, calls: 0, emails: 1 },
      { date: '2026-03-10', visits: 5, calls: 5, emails: 4 },
      { date: '2026-03-11', visits: 0, calls: 0, emails: 1 },
    ]);
  });

  it('CSV for German Excel: BOM, semicolons, German headers and dates', async () => {
    const res = await api.get(`/api/v1/volumes/daily?${RANGE}&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n').slice(0, 3)).toEqual([
      'Datum;Kontakte vor Ort;115-Anrufe;E-Mails',
      '09.03.2026;0;0;1',
      '10.03.2026;5;5;4',
    ]);
    const shares = new TextDecoder().decode(
      await (await api.get(`/api/v1/kpi/summary?${RANGE}&format=csv`)).arrayBuffer(),
    );
    expect(shares).toContain('115: Servicelevel (30 s);0,4;0,75;verfehlt');
  });

  it('XLSX is a real workbook with typed cells', async () => {
    const res = await api.get(`/api/v1/volumes/daily?${RANGE}&format=xlsx`);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'Datum',
      'Kontakte vor Ort',
      '115-Anrufe',
      'E-Mails',
    ]);
    expect(ws.getCell('B3').value).toBe(5);
    expect(ws.getCell('A3').value).toEqual(new Date('2026-03-10T00:00:00Z'));
  });

  it('without a read token → 401; an ingest token is not a read token', async () => {
    expect((await api.get(`/api/v1/kpi/summary?${RANGE}`, null)).status).toBe(401);
    expect((await api.get(`/api/v1/kpi/summary?${RANGE}`, ingest.token)).status).toBe(401);
  });

  const BAD: ReadonlyArray<[string, string]> = [
    ['/api/v1/kpi/summary?from=2026-03-09', 'to'],
    ['/api/v1/kpi/summary?from=2026-13-01&to=2026-12-31', 'from'],
    ['/api/v1/kpi/summary?from=2026-03-10&to=2026-03-09', 'from'],
    ['/api/v1/kpi/summary?from=2010-01-01&to=2026-03-09', 'to'],
    ['/api/v1/kpi/summary?from=2026-03-09&to=2026-03-10&site=atlantis', 'site'],
    ['/api/v1/kpi/summary?from=2026-03-09&to=2026-03-10&team=kantine', 'team'],
    ['/api/v1/volumes/daily?from=x&to=2026-03-10', 'from'],
    ['/api/v1/volumes/daily?from=2026-03-09&to=2026-03-10&format=pdf', 'format'],
    ['/api/v1/volumes/hourly?from=2026-01-01&to=2026-12-31', 'to'],
    ['/api/v1/volumes/weekday-hour?from=2026-03-09&to=2026-03-10&channel=fax', 'channel'],
    ['/api/v1/volumes/year-over-year?fromYear=2026&toYear=2025', 'fromYear'],
    ['/api/v1/handling-times?from=2026-03-09&to=2026-03-10&service=NIX', 'service'],
    ['/api/v1/handling-times/histogram?from=2026-03-09', 'to'],
    ['/api/v1/handling-times/trend?from=2026-03-09&to=2026-03-10&grain=day', 'grain'],
    ['/api/v1/process-change?date=2026-03-02', 'service'],
    ['/api/v1/process-change?date=2026-02-30&service=PA-ANTRAG', 'date'],
    ['/api/v1/process-change?date=2026-03-02&service=PA-ANTRAG&windowDays=1', 'windowDays'],
    ['/api/v1/baseline?date=gestern', 'date'],
    ['/api/v1/seasonality?fromYear=2025', 'toYear'],
    ['/api/v1/calls/intervals?from=2026-03-09&to=2026-03-08', 'from'],
    ['/api/v1/emails/backlog?to=2026-03-09', 'from'],
    ['/api/v1/data-quality?from=2026-03-09&to=bald', 'to'],
    ['/api/v1/forecast/daily?channel=visits&horizon=0', 'horizon'],
    ['/api/v1/forecast/daily?channel=visits&horizon=1000', 'horizon'],
    ['/api/v1/forecast/daily?channel=fax', 'channel'],
    ['/api/v1/forecast/daily?channel=calls&domain=kfz', 'domain'],
    ['/api/v1/staffing?date=2020-01-01', 'date'],
    ['/api/v1/staffing?date=morgen', 'date'],
  ];
  it.each(BAD)('%s → 400 naming "%s"', async (path, param) => {
    const res = await api.get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { param: string; error: string };
    expect(body.param).toBe(param);
    expect(body.error).toMatch(new RegExp(`^${param}`));
  });

  it('every list endpoint answers JSON, CSV and XLSX for good parameters', async () => {
    for (const path of [
      `/api/v1/volumes/hourly?${RANGE}`,
      `/api/v1/volumes/weekday-hour?${RANGE}&channel=calls`,
      `/api/v1/volumes/year-over-year?fromYear=2025&toYear=2026`,
      `/api/v1/handling-times?${RANGE}`,
      `/api/v1/handling-times/histogram?${RANGE}&service=PA-ANTRAG`,
      `/api/v1/handling-times/trend?${RANGE}&grain=month`,
      `/api/v1/baseline?date=2026-03-10`,
      `/api/v1/calls/intervals?${RANGE}`,
      `/api/v1/emails/backlog?${RANGE}`,
      `/api/v1/data-quality?${RANGE}`,
    ]) {
      for (const format of ['json', 'csv', 'xlsx']) {
        const res = await api.get(`${path}&format=${format}`);
        expect(res.status, `${path} ${format}`).toBe(200);
        await res.arrayBuffer();
      }
    }
    expect((await api.get(`/api/v1/process-change?date=2026-03-10&service=PA-ANTRAG`)).status).toBe(
      200,
    );
    expect((await api.get(`/api/v1/seasonality?fromYear=2026&toYear=2026`)).status).toBe(200);
    const forecast = await api.get(`/api/v1/forecast/daily?channel=visits&horizon=7`);
    expect(forecast.status).toBe(200);
    expect(((await forecast.json()) as { forecast: unknown[] }).forecast).toHaveLength(7);
    expect(
      (await api.get(`/api/v1/forecast/daily?channel=calls&horizon=7&format=csv`)).status,
    ).toBe(200);
    expect((await api.get(`/api/v1/staffing`)).status).toBe(200);
  });
});
