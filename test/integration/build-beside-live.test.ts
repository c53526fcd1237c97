/**
 * `npm test` beside a running system: the suite builds into a folder of its own, so a build
 * never replaces what a running dashboard serves. Here a dashboard serves one build while
 * another build runs into a second folder; afterwards the served files are untouched and
 * every page, loaded for the first time after the build, still answers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/environment.ts';
import { dashboardBuildDir, dashboardHandler } from '../../dashboard/server/build-dir.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { PAGES } from '../../dashboard/src/lib/access.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let live: TestDashboard;
const other = mkdtempSync(join(tmpdir(), 'lagebild-build-beside-'));

beforeAll(async () => {
  db = await createTestDatabase();
  live = await startTestDashboard(db.name);
});

afterAll(async () => {
  await live?.stop();
  await db?.drop();
  rmSync(other, { recursive: true, force: true });
});

describe('a build beside a running dashboard', () => {
  it('is what npm test does: its build and its dashboards use a folder of their own', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const folder = /LAGEBILD_DASHBOARD_BUILD=(\S+)/.exec(pkg.scripts['build:test']!)?.[1];
    expect(pkg.scripts.test).toMatch(/^npm run build:test\b/);
    expect(dashboardBuildDir()).toBe(join(PROJECT_ROOT, folder!));
    expect(dashboardBuildDir()).not.toBe(dashboardBuildDir(parseConfig({})));
  });

  it('leaves the served build alone and every page answering', { timeout: 300_000 }, async () => {
    expect((await fetch(`${live.url}/login`)).status).toBe(200);
    const served = dashboardHandler();
    const before = statSync(served).mtimeMs;
    // Low priority: the rest of the suite runs meanwhile.
    const build = spawnSync('nice', ['-n', '15', 'npm', 'run', 'build', '--silent'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, LAGEBILD_DASHBOARD_BUILD: other },
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    expect(existsSync(join(other, 'handler.js'))).toBe(true);
    expect(statSync(served).mtimeMs).toBe(before);

    addUser('admin-beside', 'admin', 'ein-langes-passwort-1', live.usersFile);
    const cookie = await login(live.url, 'admin-beside', 'ein-langes-passwort-1');
    for (const page of PAGES) {
      const res = await fetch(live.url + page.path, { headers: { cookie } });
      // An empty database: the forecast needs history (422); everything else renders.
      expect(res.status, page.path).toBe(page.path === '/prognose' ? 422 : 200);
    }
  });
});
