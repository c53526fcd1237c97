/**
 * What the read API and the pages answer when something fails: 503 only when ClickHouse
 * cannot be reached, 422 with a German sentence when there is too little history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../dashboard/server/user-store.ts';
import { freePort } from '../support/free-port.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let live: TestDashboard;
let cut: TestDashboard;

beforeAll(async () => {
  db = await createTestDatabase();
  live = await startTestDashboard(db.name);
  // A ClickHouse that is not there: a port nobody listens on.
  cut = await startTestDashboard(db.name, {
    CLICKHOUSE_URL: `http://127.0.0.1:${await freePort()}`,
  });
});

afterAll(async () => {
  await Promise.all([live?.stop(), cut?.stop()]);
  await db?.drop();
});

describe('failures', () => {
  it('answer 503 when ClickHouse is unreachable, API and page alike', async () => {
    const api = await cut.get('/api/v1/kpi/summary?from=2026-11-02&to=2026-11-08');
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: string }).error).toMatch(/Datenbank antwortet nicht/);
    addUser('leitung1', 'leitung', 'ein-langes-passwort-1', cut.usersFile);
    const cookie = await login(cut.url, 'leitung1', 'ein-langes-passwort-1');
    const page = await fetch(`${cut.url}/`, { headers: { cookie } });
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/Datenbank antwortet nicht/);
  });

  it('answer 422 with a German sentence when there is too little history', async () => {
    const api = await live.get('/api/v1/forecast/daily?channel=calls&horizon=7');
    expect(api.status).toBe(422);
    expect(((await api.json()) as { error: string }).error).toMatch(
      /Zu wenig Historie für eine Prognose: 0 Öffnungstage/,
    );
    addUser('planer1', 'planung', 'ein-langes-passwort-1', live.usersFile);
    const cookie = await login(live.url, 'planer1', 'ein-langes-passwort-1');
    const page = await fetch(`${live.url}/prognose`, { headers: { cookie } });
    expect(page.status).toBe(422);
    expect(await page.text()).toMatch(/Zu wenig Historie/);
  });
});
