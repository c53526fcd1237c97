import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../../auth/token-store.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { dashboardHandler } from '../../dashboard/server/build-dir.ts';
import { readerOnlyEnv } from '../../warehouse/config.ts';
import { freePort } from './free-port.ts';

export interface TestDashboard {
  url: string;
  pid: number;
  readToken: string;
  tokenFile: string;
  usersFile: string;
  get(path: string, token?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The built dashboard (npm test builds it first) on a free port, reading the given database,
 * with only the read-only ClickHouse user, as `serve` starts it.
 */
export async function startTestDashboard(
  database: string,
  env: Record<string, string> = {},
): Promise<TestDashboard> {
  const handler = dashboardHandler();
  if (!existsSync(handler))
    throw new Error(`${handler} is missing: run "npm run build:test" (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-dashboard-'));
  const tokenFile = join(dir, 'tokens.json');
  // The test client reads every API route; role limits have their own tests (test/security).
  const readToken = addToken({ name: 'test-reader', scope: 'read', role: 'admin' }, tokenFile);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'dashboard'],
    {
      env: readerOnlyEnv({
        ...process.env,
        CLICKHOUSE_DB: database,
        LAGEBILD_TOKEN_FILE: tokenFile,
        LAGEBILD_DATA_DIR: process.env.LAGEBILD_DATA_DIR ?? join(PROJECT_ROOT, '.data'),
        LAGEBILD_USERS_FILE: join(dir, 'users.json'),
        LAGEBILD_PORT: String(port),
        LAGEBILD_HOST: '127.0.0.1',
        ...env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30_000;
  while (!out.includes('Dashboard läuft')) {
    if (Date.now() > end || child.exitCode !== null)
      throw new Error(`dashboard did not start: ${out}`);
    await sleep(50);
  }
  return {
    url,
    pid: child.pid!,
    readToken,
    tokenFile,
    usersFile: join(dir, 'users.json'),
    get(path, token = readToken) {
      return fetch(url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
