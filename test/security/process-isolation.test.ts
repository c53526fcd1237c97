/**
 * `lagebild serve` runs ingest service and dashboard as separate, supervised processes:
 * killing one leaves the other serving, and the supervisor brings the dead one back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { validVisit } from '../support/ingest-fixtures.ts';
import { startServe, type ServeProcess } from '../support/serve-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let serve: ServeProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  serve = await startServe(db.name, {
    LAGEBILD_FLUSH_MS: '200',
    LAGEBILD_ROLLUP_INTERVAL_MS: '500',
    LAGEBILD_ACCEPT_THREADS: '1',
  });
});

afterAll(async () => {
  await serve?.stop();
  await db?.drop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${timeoutMs} ms: ${what}\n${serve.output()}`);
    await sleep(50);
  }
}

/** Status of `GET /login` (0 when nothing answers). */
async function dashboardStatus(): Promise<number> {
  try {
    const res = await fetch(`${serve.dashboardUrl}/login`, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/** Posts visits `prefix-from` … and returns the status (0 when nothing answers). */
async function postVisits(prefix: string, from: number, n: number): Promise<number> {
  const body = Array.from({ length: n }, (_, k) =>
    validVisit(from + k, { id: `${prefix}-${from + k}` }),
  );
  try {
    const res = await fetch(`${serve.ingestUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

async function visitsInClickHouse(prefix: string): Promise<number> {
  const [r] = await db.reader.query<{ n: number }>(
    sql`SELECT uniqExact(id) AS n FROM ${ident('visits')} FINAL WHERE startsWith(id, ${lit.string(`${prefix}-`)})`,
  );
  return Number(r?.n);
}

describe('process isolation under lagebild serve', () => {
  it('a killed dashboard comes back while every post to the ingest service is answered 202', async () => {
    expect(await dashboardStatus()).toBe(200);
    const statuses: number[] = [];
    let posting = true;
    const poster = (async () => {
      for (let i = 0; posting; i++) {
        statuses.push(await postVisits('DASHKILL', i * 5, 5));
        await sleep(20);
      }
    })();
    await sleep(500);
    const pid = serve.childPid('Dashboard');
    const mark = serve.output().length;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('the dashboard process is gone', () => !alive(pid));
    const during = statuses.length;
    await until('the dashboard answers again', async () => (await dashboardStatus()) === 200);
    const restartMs = Date.now() - killedAt;
    const whileDown = statuses.length - during;
    await sleep(500);
    posting = false;
    await poster;

    expect(whileDown).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    expect(serve.childPid('Dashboard')).not.toBe(pid);
    expect(serve.output().slice(mark)).toMatch(
      new RegExp(`Dashboard \\(pid ${pid}\\) wurde beendet: Signal SIGKILL .*Neustart in 1 s`),
    );
    expect(restartMs).toBeLessThan(15_000);
    await until(
      'every posted event is in ClickHouse',
      async () => (await visitsInClickHouse('DASHKILL')) === statuses.length * 5,
    );
    console.log(
      `Dashboard nach SIGKILL nach ${restartMs} ms wieder erreichbar; ${statuses.length} Posts (${statuses.length * 5} Ereignisse, ${whileDown} Posts ohne Dashboard) alle mit 202 beantwortet.`,
    );
  });

  it('a killed ingest service leaves the dashboard answering and comes back without losing an event', async () => {
    expect(await postVisits('INGESTKILL', 0, 50)).toBe(202);
    const pid = serve.childPid('Ingest-Dienst');
    const killedAt = Date.now();
    // Killed right after the 202: the events are only in the spool, not yet flushed.
    process.kill(pid, 'SIGKILL');
    await until('the ingest process is gone', () => !alive(pid));
    const dashboard: number[] = [];
    while (
      serve.childPid('Ingest-Dienst') === pid ||
      (await postVisits('INGESTKILL', 50, 50)) !== 202
    ) {
      dashboard.push(await dashboardStatus());
      if (Date.now() - killedAt > 20_000) throw new Error(`ingest not back:\n${serve.output()}`);
      await sleep(50);
    }
    expect(dashboard.length).toBeGreaterThan(5);
    expect(dashboard.filter((s) => s !== 200)).toEqual([]);
    await until(
      'the spooled and the new events are in ClickHouse',
      async () => (await visitsInClickHouse('INGESTKILL')) === 100,
    );
  });

  it('stops on SIGTERM with all its children', async () => {
    const pids = serve.childPids();
    expect(pids.length).toBeGreaterThanOrEqual(4);
    const exit = await serve.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(pids.filter(alive)).toEqual([]);
    expect(serve.output()).toMatch(/Spool leer, Ingest-Dienst beendet\.[\s\S]*Lagebild beendet\./);
  });

  it('children stop by themselves when serve is killed outright', async () => {
    const second = await startServe(db.name, { LAGEBILD_ACCEPT_THREADS: '1' });
    const pids = second.childPids();
    expect(pids).toHaveLength(2);
    second.process.kill('SIGKILL');
    // No signal can be forwarded; the children notice their closed IPC channel.
    await until('the orphaned children are gone', () => pids.every((pid) => !alive(pid)), 20_000);
    await second.stop();
  });
});
