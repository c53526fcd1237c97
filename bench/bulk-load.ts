/**
 * Shared by the benchmarks that need a large database and the dashboard: generated demo
 * data loaded straight into ClickHouse with clickhouse-client (generator → toRow →
 * `INSERT … FORMAT JSONEachRow` on the native port), waiting for background merges, the
 * dashboard as a child process, percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, daysBetween, eachDay, type LocalDate } from '../calendar/local-date.ts';
import { generateDays, type GeneratedDay } from '../demo/generator.ts';
import type { EventType } from '../domain/contract/event.ts';
import { rosterRow } from '../domain/reference-rows.ts';
import { TABLE_OF, toRow } from '../ingest/pipeline/to-row.ts';
import { Warehouse } from '../warehouse/client.ts';
import { MANAGED_NATIVE_PORT, warehouseConfig, type WarehouseConfig } from '../warehouse/config.ts';
import { lit, sql } from '../warehouse/literal.ts';
import { migrate } from '../warehouse/migrate.ts';
import { freePort } from '../test/support/free-port.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import { dashboardHandler } from '../dashboard/server/build-dir.ts';
import { fmt, seconds } from './support.ts';

export const progress = (msg: string) => process.stderr.write(`  … ${msg}\n`);

// ---------------------------------------------------------------------------------------
// Databases

export interface Db {
  name: string;
  config: WarehouseConfig;
  admin: Warehouse;
  drop(): Promise<void>;
}

/** A database with a fixed name, migrated, never dropped by `drop()` (only its client closed). */
export async function keptDatabase(name: string): Promise<Db> {
  const config = warehouseConfig();
  await migrate({ database: name, config });
  const admin = new Warehouse(config, 'admin', name);
  return {
    name,
    config,
    admin,
    async drop() {
      await admin.close();
    },
  };
}

/** The tag a completed load recorded (`recordLoadTag`), so a kept database is reused only for the same data. */
export async function loadedTag(admin: Warehouse): Promise<string | undefined> {
  await admin.command(
    sql`CREATE TABLE IF NOT EXISTS bench_meta (tag String, events UInt64) ENGINE = TinyLog`,
  );
  const [row] = await admin.query<{ tag: string }>(sql`SELECT tag FROM bench_meta LIMIT 1`);
  return row?.tag;
}

export async function recordLoadTag(admin: Warehouse, tag: string, events: number): Promise<void> {
  await admin.command(
    sql`INSERT INTO bench_meta (tag, events) VALUES (${lit.string(tag)}, ${lit.uint(events)})`,
  );
}

export async function countEvents(wh: Warehouse): Promise<number> {
  const [r] = await wh.query<{ n: number }>(
    sql`SELECT (SELECT count() FROM visits) + (SELECT count() FROM calls) + (SELECT count() FROM emails) AS n`,
  );
  return Number(r?.n ?? 0);
}

// ---------------------------------------------------------------------------------------
// Loading

/** One `clickhouse-client … INSERT … FORMAT JSONEachRow` reading lines from its stdin. */
export class InsertStream {
  readonly #child: ChildProcess;
  readonly #exit: Promise<void>;
  #failed: Error | undefined;

  constructor(db: Pick<Db, 'name' | 'config'>, table: string) {
    const creds = db.config.credentials.admin;
    const native = process.env.CLICKHOUSE_NATIVE_PORT ?? String(MANAGED_NATIVE_PORT);
    const host = new URL(db.config.url).hostname;
    this.#child = spawn(
      'clickhouse-client',
      [
        '--host',
        host,
        '--port',
        native,
        '--user',
        creds.user,
        '--password',
        creds.password,
        '--database',
        db.name,
        '--query',
        `INSERT INTO ${table} FORMAT JSONEachRow`,
      ],
      { stdio: ['pipe', 'inherit', 'pipe'] },
    );
    let err = '';
    this.#child.stderr!.on('data', (d) => (err += d));
    // A dying client closes the pipe; the exit below carries the reason.
    this.#child.stdin!.on('error', () => {});
    this.#exit = new Promise((resolve, reject) => {
      this.#child.once('exit', (code) => {
        if (code === 0) return resolve();
        this.#failed = new Error(`clickhouse-client (${table}) exited ${code}: ${err.trim()}`);
        reject(this.#failed);
      });
    });
    this.#exit.catch(() => {});
  }

  /** Writes a chunk; waits for the pipe to drain when the client is behind. */
  async write(chunk: string): Promise<void> {
    if (this.#failed) throw this.#failed;
    if (chunk.length === 0) return;
    if (this.#child.stdin!.write(chunk)) return;
    await Promise.race([
      new Promise<void>((resolve) => this.#child.stdin!.once('drain', resolve)),
      this.#exit.then(() => {
        throw new Error('clickhouse-client exited while rows were pending');
      }),
    ]);
  }

  async end(): Promise<void> {
    this.#child.stdin!.end();
    await this.#exit;
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill('SIGTERM');
  }
}

export interface BulkLoadOptions {
  from: LocalDate;
  to: LocalDate;
  seed: number;
  scale: number;
  /** The generator's present (email answers after it are left out), as `lagebild serve` passes. */
  now?: Date;
  /** Roster of this many days after `to` as well (planned ahead, like demo/load-demo.ts). */
  rosterAheadDays?: number;
}

export interface BulkLoadResult {
  /** Events generated (and written). */
  events: number;
  /** Events stored, counted afterwards. */
  stored: number;
  rosterRows: number;
  /** Days the generator threw on, with the reason. */
  skipped: string[];
  seconds: number;
}

/**
 * One day of demo data, generated on its own (a sub-range yields exactly the days of the
 * longer range). A day the generator fails on is skipped and reported rather than ending
 * the run.
 */
function generateDay(
  date: LocalDate,
  opts: BulkLoadOptions,
  skipped: string[],
): GeneratedDay | undefined {
  try {
    return (
      generateDays({
        from: date,
        to: date,
        seed: opts.seed,
        scale: opts.scale,
        ...(opts.now ? { now: opts.now } : {}),
      }).next().value ?? undefined
    );
  } catch (err) {
    skipped.push(`${date} (${(err as Error).message})`);
    progress(`generator failed on ${date}, day skipped: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Events and roster of every day in the range, through one clickhouse-client per table.
 * Each day is "received" at 22:00 UTC that day, as a nightly batch would be; its roster
 * rows carry that time as version.
 */
export async function bulkLoad(db: Db, opts: BulkLoadOptions): Promise<BulkLoadResult> {
  const skipped: string[] = [];
  const total = daysBetween(opts.from, opts.to) + 1;
  const t0 = performance.now();
  const tables: Record<EventType, InsertStream> = {
    visit: new InsertStream(db, TABLE_OF.visit),
    call: new InsertStream(db, TABLE_OF.call),
    email: new InsertStream(db, TABLE_OF.email),
  };
  const roster = new InsertStream(db, 'roster');
  const all = [...Object.values(tables), roster];
  let events = 0;
  let rosterRows = 0;
  let done = 0;
  let nextReport = 0.1;
  try {
    for (const date of eachDay(opts.from, opts.to)) {
      const day = generateDay(date, opts, skipped);
      if (!day) {
        done++;
        continue;
      }
      // Received late that evening (UTC), as a nightly batch would be.
      const receivedAt = new Date(`${day.date}T22:00:00Z`);
      const chunks: Record<EventType, string[]> = { visit: [], call: [], email: [] };
      for (const e of day.events) chunks[e.type].push(JSON.stringify(toRow(e, receivedAt)));
      events += day.events.length;
      const version = receivedAt.getTime();
      const rosterLines = day.roster.map((r) => JSON.stringify(rosterRow(r, version)));
      rosterRows += rosterLines.length;
      await Promise.all([
        ...(Object.keys(chunks) as EventType[]).map((type) =>
          chunks[type].length ? tables[type].write(chunks[type].join('\n') + '\n') : undefined,
        ),
        rosterLines.length ? roster.write(rosterLines.join('\n') + '\n') : undefined,
      ]);
      done++;
      if (done / total >= nextReport || done === total) {
        const mb = process.memoryUsage().rss / 2 ** 20;
        progress(
          `load ${Math.round((done / total) * 100)} %: ${date}, ${fmt(events)} events, ${fmt(seconds(t0))} s, RSS ${fmt(mb)} MB`,
        );
        while (nextReport <= done / total) nextReport += 0.1;
      }
    }
    // Rosters are planned ahead: the weeks after the data end already have one.
    const ahead = opts.rosterAheadDays ?? 0;
    if (ahead > 0) {
      for (const date of eachDay(addDays(opts.to, 1), addDays(opts.to, ahead))) {
        const day = generateDay(date, opts, skipped);
        if (!day) continue;
        const version = new Date(`${opts.to}T22:00:00Z`).getTime();
        const lines = day.roster.map((r) => JSON.stringify(rosterRow(r, version)));
        rosterRows += lines.length;
        if (lines.length) await roster.write(lines.join('\n') + '\n');
      }
    }
    await Promise.all(all.map((s) => s.end()));
  } catch (err) {
    for (const s of all) s.kill();
    throw err;
  }
  const loadSeconds = seconds(t0);
  const stored = await countEvents(db.admin);
  return { events, stored, rosterRows, skipped, seconds: loadSeconds };
}

/** Background merges compete for the two cores: let them finish before timing anything. */
export async function settleMerges(db: Db): Promise<void> {
  const t0 = performance.now();
  let lastReport = 0;
  for (;;) {
    const [m] = await db.admin.query<{ n: number }>(
      sql`SELECT count() AS n FROM system.merges WHERE database = ${lit.string(db.name)}`,
    );
    if (Number(m?.n ?? 0) === 0) break;
    if (seconds(t0) > 600) {
      console.log('merges still running after 10 min; measuring anyway');
      break;
    }
    if (seconds(t0) - lastReport >= 15) {
      lastReport = seconds(t0);
      progress(`waiting for ${m?.n} background merge(s), ${fmt(lastReport)} s`);
    }
    await sleep(1000);
  }
  const parts = await db.admin.query<{ table: string; parts: number; rows: number }>(
    sql`SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts
      WHERE database = ${lit.string(db.name)} AND active AND table IN ('visits', 'calls', 'emails', 'visits_daily', 'calls_daily', 'emails_daily')
      GROUP BY table ORDER BY table`,
  );
  console.log(
    `active parts (merges settled after ${fmt(seconds(t0), 1)} s): ` +
      parts.map((p) => `${p.table} ${p.parts} (${fmt(Number(p.rows))} rows)`).join(', '),
  );
}

// ---------------------------------------------------------------------------------------
// Dashboard child

/** CPU seconds (user + system, all threads) a process has used so far; NaN if unknown. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

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

// ---------------------------------------------------------------------------------------
// Measuring

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
