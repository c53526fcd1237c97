/**
 * The fixture of the end-to-end tests that read demo data: a test database with demo data up
 * to yesterday, sent through the ingest API, the built dashboard on it with the given users,
 * and Debian's Chromium.
 */
import { chromium, type Browser } from 'playwright-core';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../dashboard/src/lib/server/pdf.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import type { Role } from '../../domain/roles.ts';
import { startTestDashboard, type TestDashboard } from './dashboard-server.ts';
import { startTestIngest, type TestIngest } from './ingest-service.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** Every fixture user's password. */
export const E2E_PASSWORD = 'richtig-langes-passwort';

export interface DemoDashboard {
  db: TestDatabase;
  ingest: TestIngest;
  app: TestDashboard;
  browser: Browser;
  /** Closes the browser, stops the services and drops the database. */
  stop(): Promise<void>;
}

export async function startDemoDashboard(p: {
  /** Days of demo data up to yesterday. */
  days: number;
  seed: number;
  /** The demo generator's scale: from 1.5 on, round(scale) offices (demo/sites.ts). */
  scale?: number;
  users: ReadonlyArray<readonly [name: string, role: Role]>;
}): Promise<DemoDashboard> {
  const started: Partial<Omit<DemoDashboard, 'stop'>> = {};
  const stop = async () => {
    await started.browser?.close();
    await started.app?.stop();
    await started.ingest?.stop();
    await started.db?.drop();
  };
  try {
    const yesterday = addDays(berlinDate(new Date()), -1);
    const db = (started.db = await createTestDatabase());
    const ingest = (started.ingest = await startTestIngest(db.name));
    await loadDemoData(
      { ingestUrl: ingest.service.url, token: ingest.token, wh: db.ingest },
      {
        from: addDays(yesterday, -p.days),
        to: yesterday,
        seed: p.seed,
        now: new Date(),
        ...(p.scale !== undefined ? { scale: p.scale } : {}),
      },
    );
    await ingest.drained(120_000);
    const app = (started.app = await startTestDashboard(db.name));
    for (const [name, role] of p.users) addUser(name, role, E2E_PASSWORD, app.usersFile);
    const browser = (started.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    }));
    return { db, ingest, app, browser, stop };
  } catch (err) {
    // A fixture that failed half-way leaves nothing running behind.
    await stop();
    throw err;
  }
}
