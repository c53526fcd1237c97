import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToken } from '../../auth/token-store.ts';
import type { CallEvent } from '../../domain/contract/call.ts';
import { callRow } from '../../ingest/pipeline/to-row.ts';
import { Spool } from '../../ingest/spool/spool.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { freePort } from '../support/free-port.ts';
import { validCall, validVisit } from '../support/ingest-fixtures.ts';
import { startTestIngest } from '../support/ingest-service.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-durability-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function count(
  table: 'calls' | 'visits',
  prefix: string,
): Promise<{ rows: number; distinct: number }> {
  const [r] = await db.reader.query<{ rows: number; distinct: number }>(
    sql`SELECT count() AS rows, uniqExact(id) AS distinct FROM ${ident(table)} FINAL WHERE startsWith(id, ${lit.string(prefix)})`,
  );
  return { rows: Number(r?.rows), distinct: Number(r?.distinct) };
}

async function startChild(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'ingest', '--no-migrate'],
    {
      env: { ...process.env, ...env, LAGEBILD_INGEST_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const end = Date.now() + 30_000;
  while (!out.includes('Ingest-Dienst läuft')) {
    if (Date.now() > end || child.exitCode !== null)
      throw new Error(`ingest did not start: ${out}`);
    await sleep(50);
  }
  return { child, url: `http://127.0.0.1:${port}` };
}

describe('durability', () => {
  it('SIGKILL right after the 202s, before any flush: after a restart every accepted event is in ClickHouse exactly once', async () => {
    const tokenFile = join(dir, 'tokens.json');
    const token = addToken({ name: 'crash', scope: 'ingest' }, tokenFile);
    const env = {
      CLICKHOUSE_DB: db.name,
      LAGEBILD_TOKEN_FILE: tokenFile,
      LAGEBILD_SPOOL_DIR: join(dir, 'spool-crash'),
    };
    // First life: flushes only after ten minutes, so its segment is neither sealed nor
    // removed before the kill. Rows it streamed live may already be in ClickHouse (an insert
    // cut off by the kill); the replay must not count them twice.
    const first = await startChild({ ...env, LAGEBILD_FLUSH_MS: '600000' });
    let accepted = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let b = 0; b < 5; b++) {
          const batch = Array.from({ length: 50 }, (_, i) =>
            validCall(100_000 + c * 1000 + b * 50 + i, { id: `K-${c}-${b}-${i}` }),
          );
          const res = await fetch(`${first.url}/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(batch),
          });
          expect(res.status).toBe(202);
          accepted += ((await res.json()) as { accepted: number }).accepted;
        }
      }),
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(accepted).toBe(2000);
    const left = new Spool({ dir: join(dir, 'spool-crash'), maxBytes: 1024 ** 3 });
    await left.open();
    expect(left.stats().lines).toBe(2000 + 40); // the calls and one batch row per request

    const second = await startChild({ ...env, LAGEBILD_FLUSH_MS: '200' });
    try {
      await expect
        .poll(async () => (await count('calls', 'K-')).rows, { timeout: 30_000, interval: 200 })
        .toBe(2000);
      expect((await count('calls', 'K-')).distinct).toBe(2000);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });

  it('ClickHouse down while events keep arriving: 202 until the spool bound, then 503; back up: everything lands once', async () => {
    const real = warehouseConfig();
    const proxy = await startTcpProxy(Number(new URL(real.url).port));
    const ingest = await startTestIngest(
      db.name,
      { spoolMaxBytes: 120_000, flushMs: 100 },
      { ...real, url: `http://127.0.0.1:${proxy.port}` },
    );
    try {
      await proxy.cut();
      const accepted: string[] = [];
      let sawFull = false;
      for (let b = 0; b < 200 && !sawFull; b++) {
        const batch = Array.from({ length: 20 }, (_, i) =>
          validVisit(b * 20 + i, { id: `O-${b}-${i}` }),
        );
        const res = await ingest.post(JSON.stringify(batch));
        if (res.status === 202) accepted.push(...batch.map((e) => e.id));
        else {
          expect(res.status).toBe(503);
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
          sawFull = true;
        }
      }
      expect(sawFull).toBe(true);
      expect(accepted.length).toBeGreaterThan(100);
      const health = (await ingest.get('/v1/health', ingest.token)).json as {
        status: string;
        spool: { rows: number };
      };
      expect(health.status).toBe('degraded');
      expect(health.spool.rows).toBeGreaterThan(0);

      await proxy.restore();
      await ingest.drained(60_000);
      const got = await count('visits', 'O-');
      expect(got).toEqual({ rows: accepted.length, distinct: accepted.length });
      // And it accepts again.
      expect((await ingest.post(JSON.stringify([validVisit(1, { id: 'O-after' })]))).status).toBe(
        202,
      );
    } finally {
      await ingest.stop();
      await proxy.close();
    }
  });

  it('segments spooled by older versions (JSON lines, JSON records) still land after an update', async () => {
    const spoolDir = join(dir, 'spool-older');
    mkdirSync(spoolDir);
    const received = new Date(Date.UTC(2026, 10, 24, 9, 0, 0));
    const jsonRow = (i: number) =>
      JSON.stringify(callRow(validCall(i, { id: `L-${i}` }) as CallEvent, received));
    // First format: one `table\tday\tjson` line per row.
    writeFileSync(
      join(spoolDir, 'seg-0000000001-1764054000000.ndjson'),
      `calls\t2026-11-24\t${jsonRow(1)}\n`,
    );
    // Second format: records whose blocks hold JSONEachRow (no column list in the header).
    const block = `${jsonRow(2)}\n${jsonRow(3)}\n`;
    const header = {
      at: received.getTime(),
      blocks: [['calls', 2, Buffer.byteLength(block), ['2026-11-24']]],
    };
    writeFileSync(
      join(spoolDir, 'seg-0000000002-1764054001000.spool'),
      `@${JSON.stringify(header)}\n${block}`,
    );
    const ingest = await startTestIngest(db.name, { spoolDir });
    try {
      // And the current format beside them.
      const res = await ingest.post(JSON.stringify([validCall(4, { id: 'L-4' })]));
      expect(res.status).toBe(202);
      await ingest.drained();
      expect(await count('calls', 'L-')).toEqual({ rows: 4, distinct: 4 });
    } finally {
      await ingest.stop();
    }
  });
});
