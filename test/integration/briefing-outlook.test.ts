/**
 * The Morgenbriefing's outlook is the daily forecast: for the day after the reviewed one,
 * per channel, exactly what `dailyForecast` answers from the history up to the reviewed day
 * (forecast and its intervals), on demo data sent through the ingest service. Too little
 * history gives no outlook rather than an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../calendar/local-date.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import { briefingData } from '../../dashboard/src/lib/server/pages/briefing.ts';
import { dailyForecast } from '../../queries/forecast/forecast.query.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const FIRST = '2026-05-01';
const LAST = '2026-11-28';

let db: TestDatabase;
let ingest: TestIngest;

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  await loadDemoData(
    { ingestUrl: ingest.service.url, token: ingest.token, wh: db.ingest },
    { from: FIRST, to: LAST, seed: 9, now: new Date(`${LAST}T23:00:00Z`) },
  );
  await ingest.drained(120_000);
}, 300_000);

afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
});

async function forecastsFor(until: string) {
  const one = async (channel: 'visits' | 'calls' | 'emails') =>
    (await dailyForecast(db.reader, { channel, horizon: 1, until })).forecast[0];
  return { visits: await one('visits'), calls: await one('calls'), emails: await one('emails') };
}

describe('Morgenbriefing outlook', () => {
  it('equals the daily forecast of each channel for the day after the reviewed one', async () => {
    // Tuesday reviewed, Wednesday ahead
    const briefing = await briefingData(db.reader, '2026-11-24');
    expect(briefing.today).toBe('2026-11-25');
    const expected = await forecastsFor('2026-11-24');
    expect(briefing.outlook.expected).toEqual(expected);
    for (const point of Object.values(briefing.outlook.expected)) {
      expect(point!.date).toBe('2026-11-25');
      expect(point!.forecast).toBeGreaterThan(0);
      expect(point!.lower80).toBeLessThanOrEqual(point!.forecast);
      expect(point!.upper80).toBeGreaterThanOrEqual(point!.forecast);
      expect(point!.lower95).toBeLessThanOrEqual(point!.lower80);
      expect(point!.upper95).toBeGreaterThanOrEqual(point!.upper80);
    }
    // a working day of the demo office sees hundreds of visits, not a median of zeros
    expect(briefing.outlook.expected.visits!.forecast).toBeGreaterThan(200);
  });

  it('also on the eve of a closed day (Saturday reviewed, Sunday ahead)', async () => {
    const briefing = await briefingData(db.reader, LAST);
    expect(briefing.outlook.expected).toEqual(await forecastsFor(LAST));
    expect(briefing.outlook.expected.visits!.date).toBe(addDays(LAST, 1));
  });

  it('has no outlook while the history is too short for a forecast', async () => {
    const briefing = await briefingData(db.reader, addDays(FIRST, 20));
    expect(briefing.outlook.expected).toEqual({ visits: null, calls: null, emails: null });
  });
});
