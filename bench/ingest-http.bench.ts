/**
 * Events/s through POST /v1/events (NDJSON batches of 1,000, several concurrent clients,
 * fsync on, until ClickHouse holds them all) beside the raw rate of inserting the same rows
 * as JSONEachRow straight into ClickHouse over HTTP in the same run; p50/p99 latency of a
 * 1,000-event POST; peak RSS of the ingest service process.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../auth/token-store.ts';
import { TABLE_OF, toRow } from '../ingest/pipeline/to-row.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import { freePort } from '../test/support/free-port.ts';
import { localServerStatus } from '../warehouse/local-server.ts';
import { benchDatabase, countEvents, mergesSettled } from './databases.ts';
import { generatedEvents } from './generated-events.ts';
import { cpuSeconds, peakRssMb } from './process-stats.ts';
import { fmt, percentile, seconds } from './support.ts';

const TOTAL = Number(process.env.BENCH_INGEST_EVENTS ?? 400_000);
const BATCH = 1_000;
const CLIENTS = Number(process.env.BENCH_INGEST_CLIENTS ?? 4);

export async function benchIngestHttp(): Promise<void> {
  console.log(
    `\n## Ingest service: ${fmt(TOTAL)} events, NDJSON batches of ${fmt(BATCH)}, ${CLIENTS} clients, fsync on`,
  );
  const events = generatedEvents(TOTAL, 11);
  const bodies: Buffer[] = [];
  for (let i = 0; i < events.length; i += BATCH)
    bodies.push(
      Buffer.from(
        events
          .slice(i, i + BATCH)
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n',
      ),
    );

  const ours = await benchDatabase('ingest_http');
  const raw = await benchDatabase('ingest_raw');
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-bench-ingest-'));
  const tokenFile = join(dir, 'tokens.json');
  const token = addToken({ name: 'bench', scope: 'ingest' }, tokenFile);
  const port = await freePort();
  // Raw first, on a quiet server: the same rows, already as JSONEachRow, posted straight to
  // ClickHouse's HTTP interface. Then wait for the merges of its parts, so that neither
  // run pays for the other's background work.
  const receivedAt = new Date();
  const byTable = new Map<string, string[]>();
  for (const e of events) {
    const table = TABLE_OF[e.type];
    let list = byTable.get(table);
    if (!list) byTable.set(table, (list = []));
    list.push(JSON.stringify(toRow(e, receivedAt)));
  }
  const creds = raw.config.credentials.admin;
  const auth = `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`;
  // CPU used by ClickHouse in each run (only when it is the managed local server): on these
  // shared cores it decides how much is left for the service.
  const clickhousePid = (await localServerStatus()).pid;
  const chBeforeRaw = cpuSeconds(clickhousePid);
  const t1 = performance.now();
  for (const [table, rows] of byTable) {
    for (let i = 0; i < rows.length; i += 100_000) {
      const q = encodeURIComponent(`INSERT INTO ${raw.name}.${table} FORMAT JSONEachRow`);
      const res = await fetch(`${raw.config.url}/?query=${q}`, {
        method: 'POST',
        headers: { authorization: auth },
        body: rows.slice(i, i + 100_000).join('\n'),
      });
      if (!res.ok) throw new Error(`raw insert: ${await res.text()}`);
    }
  }
  const rawSeconds = seconds(t1);
  const rawCount = await countEvents(raw.admin);
  const chRaw = cpuSeconds(clickhousePid) - chBeforeRaw;

  await mergesSettled(raw.admin);
  const child = spawn(
    process.execPath,
    [
      // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(PROJECT_ROOT, 'cli/lagebild.mjs'),
      'ingest',
      '--no-migrate',
    ],
    {
      env: {
        ...process.env,
        CLICKHOUSE_DB: ours.name,
        LAGEBILD_TOKEN_FILE: tokenFile,
        LAGEBILD_SPOOL_DIR: join(dir, 'spool'),
        LAGEBILD_INGEST_PORT: String(port),
        LAGEBILD_INGEST_RATE_LIMIT: '1000000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    while (!out.includes('Ingest-Dienst läuft')) {
      if (child.exitCode !== null) throw new Error(`ingest service exited: ${out}`);
      await sleep(50);
    }
    // node:http with keep-alive and bodies encoded once: the load generator shares the two
    // cores with the service and ClickHouse, so it should cost as little as a real sender.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const post = (body: Buffer) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: '127.0.0.1',
            port,
            path: '/v1/events',
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/x-ndjson',
              'content-length': body.length,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const latencies: number[] = [];
    let next = 0;
    const serviceBefore = cpuSeconds(child.pid);
    const chBefore = cpuSeconds(clickhousePid);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const started = performance.now();
          const status = await post(body);
          if (status !== 202) throw new Error(`POST answered ${status}`);
          latencies.push(performance.now() - started);
        }
      }),
    );
    const acceptSeconds = seconds(t0);
    while ((await countEvents(ours.admin)) < events.length) await sleep(50);
    const oursSeconds = seconds(t0);
    const serviceCpu = cpuSeconds(child.pid) - serviceBefore;
    const chOurs = cpuSeconds(clickhousePid) - chBefore;
    // Rollups follow the raw rows in the background; report when they caught up too.
    const health = `http://127.0.0.1:${port}/v1/health`;
    for (;;) {
      // The details need a token; without one the service says only ok/degraded.
      const h = (await (
        await fetch(health, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        spool: { rows: number };
        rollups: { pendingDays: number };
      };
      if (h.spool.rows === 0 && h.rollups.pendingDays === 0) break;
      await sleep(50);
    }
    const rollupSeconds = seconds(t0);
    const rss = peakRssMb(child.pid!);

    latencies.sort((a, b) => a - b);
    const oursRate = events.length / oursSeconds;
    const rawRate = rawCount / rawSeconds;
    console.log('| path | events | seconds | events/s |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| POST /v1/events → spool (fsync) → batch writer → ClickHouse | ${fmt(events.length)} | ${fmt(oursSeconds, 1)} | ${fmt(oursRate)} |`,
    );
    console.log(
      `| (of which accepted with 202 after ${fmt(acceptSeconds, 1)} s) | | | ${fmt(events.length / acceptSeconds)} |`,
    );
    console.log(`| (rollups caught up after ${fmt(rollupSeconds, 1)} s) | | | |`);
    console.log(
      `| raw JSONEachRow over HTTP, 100,000 rows per insert | ${fmt(rawCount)} | ${fmt(rawSeconds, 1)} | ${fmt(rawRate)} |`,
    );
    console.log(`ratio ingest / raw: ${fmt(oursRate / rawRate, 2)} (target ≥ 0,5)`);
    console.log(
      `latency of a 1,000-event POST: p50 ${fmt(percentile(latencies, 0.5), 1)} ms, p99 ${fmt(percentile(latencies, 0.99), 1)} ms`,
    );
    console.log(`peak RSS of the ingest service: ${fmt(rss)} MB`);
    console.log(
      `CPU seconds until ClickHouse held every event: ingest service ${fmt(serviceCpu, 1)}, ClickHouse ${fmt(chOurs, 1)} (raw run: ClickHouse ${fmt(chRaw, 1)})`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    await ours.drop();
    await raw.drop();
  }
}
