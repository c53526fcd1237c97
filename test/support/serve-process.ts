import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../../auth/token-store.ts';
import { credentialsFile, warehouseConfig } from '../../warehouse/config.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { dashboardHandler } from '../../dashboard/server/build-dir.ts';
import { freePort } from './free-port.ts';

export type ServeChild = 'Ingest-Dienst' | 'Dashboard';

export interface ServeProcess {
  process: ChildProcess;
  ingestUrl: string;
  dashboardUrl: string;
  ingestToken: string;
  /** The dashboard's users (a user added here can log in at once). */
  usersFile: string;
  output(): string;
  /** The pid `serve` logged last for that child ("Dashboard gestartet (pid N).") */
  childPid(name: ServeChild): number;
  /** Every child pid `serve` logged so far. */
  childPids(): number[];
  /** Waits until the output after character `from` matches. */
  waitForOutput(pattern: RegExp, from?: number, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function pidsOf(out: string, name: string): number[] {
  return [...out.matchAll(new RegExp(`${name} gestartet \\(pid (\\d+)\\)`, 'g'))].map((m) =>
    Number(m[1]),
  );
}

/**
 * `lagebild serve` as a child process on free ports, with its own data folder (tokens,
 * users, spool) and the given database, on the ClickHouse the tests already use.
 */
export async function startServe(
  database: string,
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  if (!existsSync(dashboardHandler()))
    throw new Error(`${dashboardHandler()} is missing: run "npm run build:test" (npm test does)`);
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-serve-'));
  // The managed server is found by its port and reused; its users' passwords live in the
  // data folder, so this one gets a copy.
  if (warehouseConfig().managed) {
    mkdirSync(join(dir, 'clickhouse'), { mode: 0o700 });
    copyFileSync(credentialsFile(), join(dir, 'clickhouse', 'credentials.json'));
  }
  const tokenFile = join(dir, 'tokens.json');
  const ingestToken = addToken({ name: 'test-source', scope: 'ingest' }, tokenFile);
  const [port, ingestPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'serve'], {
    env: {
      ...process.env,
      CLICKHOUSE_DB: database,
      LAGEBILD_DATA_DIR: dir,
      LAGEBILD_HOST: '127.0.0.1',
      LAGEBILD_PORT: String(port),
      LAGEBILD_INGEST_PORT: String(ingestPort),
      LAGEBILD_TOKEN_FILE: tokenFile,
      LAGEBILD_USERS_FILE: join(dir, 'users.json'),
      LAGEBILD_SPOOL_DIR: join(dir, 'spool'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));

  async function waitForOutput(pattern: RegExp, from = 0, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pattern.test(out.slice(from))) {
      if (Date.now() > end) throw new Error(`no ${pattern} in the output of serve:\n${out}`);
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`serve ended (${child.exitCode ?? child.signalCode}):\n${out}`);
      await sleep(50);
    }
  }

  await waitForOutput(/Lagebild läuft/, 0, 90_000);
  return {
    process: child,
    ingestUrl: `http://127.0.0.1:${ingestPort}`,
    dashboardUrl: `http://127.0.0.1:${port}`,
    ingestToken,
    usersFile: env.LAGEBILD_USERS_FILE ?? join(dir, 'users.json'),
    output: () => out,
    childPid(name) {
      const pid = pidsOf(out, name).at(-1);
      if (pid === undefined) throw new Error(`serve logged no pid for ${name}:\n${out}`);
      return pid;
    },
    childPids: () => [...pidsOf(out, 'Ingest-Dienst'), ...pidsOf(out, 'Dashboard')],
    waitForOutput,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
      return { code: child.exitCode, signal: child.signalCode };
    },
  };
}
