import { spawn } from 'node:child_process';
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MANAGED_HTTP_PORT } from './config.ts';
import { ensureDebianPackage } from './debian-package.ts';
import { loadConfig, type Config } from '../config/environment.ts';
import { clickhouseDir } from '../config/paths.ts';
import { processAlive, readPidFile, tailOf } from './process-files.ts';
import { writeServerConfig } from './server-config.ts';

const CANDIDATES = [
  '/usr/sbin/clickhouse-server',
  '/usr/bin/clickhouse-server',
  '/usr/local/bin/clickhouse-server',
];

// The CLI exits 2 on it; one class for every missing Debian program.
export { PackageMissingError as ServerMissingError } from './debian-package.ts';

function pidFile(): string {
  return join(clickhouseDir(), 'clickhouse-server.pid');
}

/** Installs Debian's clickhouse-server where we may (root on Debian), else says how. */
export function ensureServerBinary(
  log: (msg: string) => void = console.log,
  config: Config = loadConfig(),
): string {
  const { serverBin } = config.clickhouse;
  return ensureDebianPackage(
    {
      label: 'clickhouse-server',
      binaries: serverBin ? [serverBin] : CANDIDATES,
      packages: ['clickhouse-server', 'clickhouse-client'],
    },
    log,
  );
}

export async function pingLocalServer(timeoutMs = 1_000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${MANAGED_HTTP_PORT}/ping`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok && (await res.text()).startsWith('Ok');
  } catch {
    return false;
  }
}

function readPid(): number | undefined {
  return readPidFile(pidFile());
}

export interface LocalServerStatus {
  running: boolean;
  pid?: number;
}

export async function localServerStatus(): Promise<LocalServerStatus> {
  const pid = readPid();
  const alive = pid !== undefined && processAlive(pid);
  return { running: alive && (await pingLocalServer()), pid: alive ? pid : undefined };
}

/**
 * Starts the managed server in the background (pid file under .data/clickhouse/) and waits
 * until it answers. Safe to call again: a running server is reused, a stale pid file removed.
 */
export async function startLocalServer(
  log: (msg: string) => void = console.log,
): Promise<'started' | 'running'> {
  const pid = readPid();
  if (pid !== undefined && processAlive(pid)) {
    if (await waitForPing(30_000)) return 'running';
    throw new Error(
      `ClickHouse (pid ${pid}) läuft, antwortet aber nicht auf Port ${MANAGED_HTTP_PORT}. Log: ${join(clickhouseDir(), 'log')}`,
    );
  }
  if (pid !== undefined) rmSync(pidFile(), { force: true });
  if (await pingLocalServer()) {
    // A server we started earlier whose pid file was lost; the credentials check on connect tells if it is ours.
    return 'running';
  }
  const binary = ensureServerBinary(log);
  const configPath = writeServerConfig();
  // The server's output may quote queries and data: for this user only, like its folder.
  const out = openSync(join(clickhouseDir(), 'log', 'stdout.log'), 'a', 0o600);
  const child = spawn(binary, [`--config-file=${configPath}`], {
    cwd: clickhouseDir(),
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`${binary} ließ sich nicht starten`);
  writeFileSync(pidFile(), String(child.pid), { mode: 0o600 });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  child.unref();
  log(`ClickHouse startet (pid ${child.pid}, Daten in ${clickhouseDir()}) …`);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await pingLocalServer()) return 'started';
    if (exited !== null) break;
    await sleep(250);
  }
  rmSync(pidFile(), { force: true });
  const errLog =
    tailOf(join(clickhouseDir(), 'log', 'clickhouse-server.err.log'), 15) ||
    tailOf(join(clickhouseDir(), 'log', 'stdout.log'), 15);
  throw new Error(
    `ClickHouse ist nicht hochgekommen${exited !== null ? ` (Exit-Code ${exited})` : ''}.\n${errLog}`,
  );
}

async function waitForPing(ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await pingLocalServer()) return true;
    await sleep(250);
  }
  return false;
}

/** Stops the managed server: SIGTERM, then SIGKILL after 30 s. */
export async function stopLocalServer(): Promise<'stopped' | 'not running'> {
  const pid = readPid();
  if (pid === undefined || !processAlive(pid)) {
    rmSync(pidFile(), { force: true });
    return 'not running';
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await sleep(200);
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(pidFile(), { force: true });
  return 'stopped';
}
