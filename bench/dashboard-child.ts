/** The built dashboard as a child process (`lagebild dashboard`) for the benchmarks that time it over HTTP. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from '../config/paths.ts';
import { dashboardHandler } from '../dashboard/server/build-dir.ts';
import { freePort } from '../test/support/free-port.ts';
import { progress } from './support.ts';

async function ensureBuild(): Promise<void> {
  if (existsSync(dashboardHandler())) return;
  progress(`${dashboardHandler()} is missing: npm run build`);
  const child = spawn('npm', ['run', 'build', '--silent'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`npm run build exited ${code}`);
}

export interface DashboardChild {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** The files the dashboard child reads its tokens and users from: write them before starting it. */
export function dashboardFiles(dir: string): { tokenFile: string; usersFile: string } {
  return { tokenFile: join(dir, 'tokens.json'), usersFile: join(dir, 'users.json') };
}

/** `node cli/lagebild.mjs dashboard` on a free port, reading `database`, its files in `dir`. */
export async function startDashboardChild(database: string, dir: string): Promise<DashboardChild> {
  await ensureBuild();
  const { tokenFile, usersFile } = dashboardFiles(dir);
  const port = await freePort();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'dashboard'], {
    env: {
      ...process.env,
      CLICKHOUSE_DB: database,
      LAGEBILD_TOKEN_FILE: tokenFile,
      LAGEBILD_DATA_DIR: process.env.LAGEBILD_DATA_DIR ?? join(PROJECT_ROOT, '.data'),
      LAGEBILD_USERS_FILE: usersFile,
      LAGEBILD_PORT: String(port),
      LAGEBILD_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  const end = Date.now() + 30_000;
  while (!out.includes('Dashboard läuft')) {
    if (Date.now() > end || child.exitCode !== null) {
      await stop();
      throw new Error(`dashboard did not start: ${out}`);
    }
    await sleep(50);
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => out, stop };
}

/** Stops the child, first printing (up to ten of) its output lines that match `errors`. */
export async function stopDashboardChild(dash: DashboardChild, errors: RegExp): Promise<void> {
  const said = dash
    .output()
    .split('\n')
    .filter((l) => errors.test(l));
  if (said.length) console.log(`dashboard said:\n${said.slice(0, 10).join('\n')}`);
  await dash.stop();
}
