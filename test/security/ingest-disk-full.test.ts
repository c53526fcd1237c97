/**
 * Fault test: the spool on a tiny filesystem fills up while ClickHouse is cut off. The
 * service must answer 503 with Retry-After and keep serving, drain once ClickHouse is back
 * (even while the disk is still full, where the rollups' bookkeeping file cannot be
 * written), and accept again once space is free — without a restart, every accepted event
 * in ClickHouse exactly once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lit, sql } from '../../warehouse/literal.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { validVisit } from '../support/ingest-fixtures.ts';
import { startTestIngest } from '../support/ingest-service.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const FS_BYTES = 512 * 1024;
const mountPoint = mkdtempSync(join(tmpdir(), 'lagebild-diskfull-'));
/** Why the tiny filesystem could not be made, or null when it is mounted. */
const cannotMount = ((): string | null => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${FS_BYTES}`, 'tmpfs', mountPoint], {
      stdio: 'pipe',
    });
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'mount failed';
  }
})();
if (cannotMount)
  console.warn(
    `ingest-disk-full: ÜBERSPRUNGEN – kein tmpfs einhängbar (braucht root oder CAP_SYS_ADMIN): ${cannotMount}`,
  );

let db: TestDatabase;
beforeAll(async () => {
  if (!cannotMount) db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  if (!cannotMount) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes a file until the filesystem refuses (ENOSPC); returns its path. */
function fillUp(dir: string): string {
  const file = join(dir, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
  return file;
}

function batch(b: number) {
  return Array.from({ length: 20 }, (_, i) => validVisit(b * 20 + i, { id: `F-${b}-${i}` }));
}

describe.skipIf(cannotMount !== null)('ingest with a full spool disk', () => {
  it('answers 503 with Retry-After, survives, drains and accepts again once space is free', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged: string[] = [];
    const logSpy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    const real = warehouseConfig();
    const proxy = await startTcpProxy(Number(new URL(real.url).port));
    const spoolDir = join(mountPoint, 'spool');
    mkdirSync(spoolDir);
    const ingest = await startTestIngest(
      db.name,
      { spoolDir, flushMs: 100, acceptThreads: 1 },
      { ...real, url: `http://127.0.0.1:${proxy.port}` },
    );
    const accepted: string[] = [];
    const post = async (b: number) => {
      const events = batch(b);
      const res = await ingest.post(JSON.stringify(events));
      if (res.status === 202) accepted.push(...events.map((e) => e.id));
      return res;
    };
    const health = async () =>
      (await ingest.get('/v1/health', ingest.token)) as {
        status: number;
        json: { status: string; settled: boolean; spool: { rows: number; lastError: string } };
      };
    let filler: string | null = null;
    try {
      // Working before the fault: the bookkeeping file exists, as after any flush.
      expect((await post(0)).status).toBe(202);
      await ingest.drained();

      await proxy.cut();
      let b = 1;
      let refused: Awaited<ReturnType<typeof post>> | null = null;
      for (; b < 1_000 && !refused; b++) {
        const res = await post(b);
        if (res.status !== 202) refused = res;
      }
      expect(refused?.status).toBe(503);
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused!.json).toEqual({ error: 'spool disk failing: retry later' });
      const acceptedWhileCut = accepted.length - 20;
      expect(acceptedWhileCut).toBeGreaterThan(100);
      // Whatever room a refused write left is taken too: the disk is full to the last byte.
      filler = fillUp(mountPoint);

      // The service keeps answering: posts get 503, health tells what is wrong.
      for (let i = 0; i < 3; i++) expect((await post(b++)).status).toBe(503);
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.json).toMatchObject({ status: 'degraded', settled: false });
      expect(h.json.spool.lastError).toMatch(/ENOSPC/);
      expect((await ingest.get('/v1/health')).json).toEqual({ status: 'degraded' });

      // ClickHouse back, disk still full: the writer drains the spool although the
      // rollups' file cannot be written after the first flush.
      await proxy.restore();
      await ingest.drained(90_000);
      expect(logged.some((m) => /rollups-pending\.json nicht geschrieben.*ENOSPC/.test(m))).toBe(
        true,
      );

      // Space free again: accepted at once, no restart.
      rmSync(filler);
      filler = null;
      expect((await post(b++)).status).toBe(202);
      await ingest.drained();
      const after = await health();
      expect(after.status).toBe(200);
      expect(after.json).toMatchObject({ status: 'ok', settled: true, spool: { rows: 0 } });

      const [got] = await db.reader.query<{ rows: number; distinct: number; ours: number }>(
        sql`SELECT count() AS rows, uniqExact(id) AS distinct, countIf(startsWith(id, 'F-')) AS ours FROM visits FINAL`,
      );
      expect(Number(got!.rows)).toBe(accepted.length);
      expect(Number(got!.distinct)).toBe(accepted.length);
      expect(Number(got!.ours)).toBe(accepted.length);
      const missing = await db.reader.query<{ id: string }>(
        sql`SELECT id FROM visits FINAL WHERE NOT has(${lit.array(accepted, lit.string)}, id)`,
      );
      expect(missing).toEqual([]);
      // The rollups include everything, although their file could not be written for a while.
      const [rolled] = await db.reader.query<{ n: number }>(
        sql`SELECT sum(visits) AS n FROM visits_daily FINAL WHERE site = 'offenbach'`,
      );
      expect(Number(rolled!.n)).toBe(accepted.length);
      expect(logged.some((m) => /rollups-pending\.json wird wieder geschrieben/.test(m))).toBe(
        true,
      );
      expect(unhandled).toEqual([]);
      console.info(
        `ingest-disk-full: ${acceptedWhileCut} events accepted while cut off before the disk (${FS_BYTES / 1024} KiB) was full; all ${accepted.length} in ClickHouse once`,
      );
    } finally {
      if (filler) rmSync(filler, { force: true });
      await ingest.stop();
      await proxy.close();
      logSpy.mockRestore();
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
