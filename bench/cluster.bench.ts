/**
 * `npm run bench -- --cluster`: the demo generator's events through the ingest API (in this
 * process, NDJSON batches of 1,000, several concurrent clients) into the local test cluster
 * (`lagebild cluster up`: 2 shards × 2 replicas on this machine) and, in the same run, into
 * the managed single server: events/s until ClickHouse holds them all (rollups included),
 * then p50/p95 of read endpoints over HTTP (dashboard child, read token) for the whole range,
 * side by side. All four cluster nodes, ZooKeeper and the single server share this machine's
 * cores, so the cluster figures show the cost of distribution, not its gain.
 *
 * Knobs: BENCH_CLUSTER_SCALE (1), BENCH_CLUSTER_FROM / BENCH_CLUSTER_TO (2025-01-01 …
 * 2025-03-31), BENCH_CLUSTER_RUNS (20 timed requests per endpoint after 3 warm-ups),
 * BENCH_CLUSTER_CLIENTS (4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { addToken } from '../auth/token-store.ts';
import type { LocalDate } from '../calendar/local-date.ts';
import { generateDays } from '../demo/generator.ts';
import { startTestIngest } from '../test/support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.ts';
import {
  clusterUp,
  clusterWarehouseConfig,
  localClusterLayout,
  type ClusterLayout,
} from '../warehouse/cluster/local-cluster.ts';
import { warehouseConfig, type WarehouseConfig } from '../warehouse/config.ts';
import { Sql } from '../warehouse/literal.ts';
import { countEvents } from './databases.ts';
import { dashboardFiles, startDashboardChild, stopDashboardChild } from './dashboard-child.ts';
import { measurePair, ms, type PairedRun } from './paired-runs.ts';
import { fmt, progress, seconds } from './support.ts';

const SCALE = Number(process.env.BENCH_CLUSTER_SCALE ?? 1);
const FROM: LocalDate = process.env.BENCH_CLUSTER_FROM ?? '2025-01-01';
const TO: LocalDate = process.env.BENCH_CLUSTER_TO ?? '2025-03-31';
const RUNS = Number(process.env.BENCH_CLUSTER_RUNS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLUSTER_CLIENTS ?? 4);
const BATCH = 1_000;

/** Read endpoints for the whole range (the read-api bench's, plus the handling-time trend). */
function endpoints(): [string, string][] {
  const range = `from=${FROM}&to=${TO}`;
  return [
    ['kpi/summary', `/api/v1/kpi/summary?${range}`],
    ['volumes/daily', `/api/v1/volumes/daily?${range}`],
    ['volumes/weekday-hour (visits)', `/api/v1/volumes/weekday-hour?${range}&channel=visits`],
    ['handling-times', `/api/v1/handling-times?${range}`],
    ['emails/backlog', `/api/v1/emails/backlog?${range}`],
    ['data-quality', `/api/v1/data-quality?${range}`],
    ['calls/intervals (first week)', `/api/v1/calls/intervals?from=${FROM}&to=${weekAfter(FROM)}`],
  ];
}

function weekAfter(day: LocalDate): LocalDate {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
}

interface Run {
  label: string;
  events: number;
  ingestSeconds: number;
  endpoints: PairedRun[];
}

/** The connection variables of `config` for the dashboard child (it reads them at spawn). */
function connectionEnv(config: WarehouseConfig): Record<string, string | undefined> {
  if (!config.cluster) return {};
  const c = config.credentials;
  return {
    CLICKHOUSE_URL: config.url,
    CLICKHOUSE_CLUSTER: config.cluster,
    CLICKHOUSE_USER: c.admin.user,
    CLICKHOUSE_PASSWORD: c.admin.password,
    CLICKHOUSE_INGEST_USER: c.ingest.user,
    CLICKHOUSE_INGEST_PASSWORD: c.ingest.password,
    CLICKHOUSE_READ_USER: c.reader.user,
    CLICKHOUSE_READ_PASSWORD: c.reader.password,
  };
}

async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function runOn(
  label: string,
  config: WarehouseConfig,
  bodies: readonly Buffer[],
  layout: ClusterLayout | undefined,
): Promise<Run> {
  progress(`${label}: database …`);
  const db: TestDatabase = await createTestDatabase(config);
  const dbConfig = { ...config, database: db.name };
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-bench-cluster-'));
  try {
    // No rate limit: the bench posts as fast as the service takes it.
    const ingest = await startTestIngest(
      db.name,
      { rateLimitPerMinute: 1_000_000 },
      layout ? dbConfig : undefined,
    );
    let events: number;
    let ingestSeconds: number;
    try {
      progress(`${label}: ${fmt(bodies.length)} POSTs through the ingest API …`);
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            for (;;) {
              const res = await ingest.post(body, 'application/x-ndjson');
              if (res.status === 202) break;
              // A full spool (ClickHouse behind) says when to try again, as to any source.
              if (res.status !== 503) throw new Error(`POST answered ${res.status}`);
              await sleep(Number(res.headers.get('retry-after') ?? 5) * 1000);
            }
          }
        }),
      );
      await ingest.drained(3_600_000);
      ingestSeconds = seconds(t0);
      events = await countEvents(db.admin);
    } finally {
      await ingest.stop();
    }
    progress(`${label}: ${fmt(events)} events in ${fmt(ingestSeconds, 1)} s; endpoints …`);
    const token = addToken(
      { name: 'bench-reader', scope: 'read', role: 'admin' },
      dashboardFiles(dir).tokenFile,
    );
    const dash = await withEnv(connectionEnv(config), () => startDashboardChild(db.name, dir));
    const rows: PairedRun[] = [];
    try {
      for (const [name, path] of endpoints()) {
        const request = async () => {
          const res = await fetch(dash.url + path, {
            headers: { authorization: `Bearer ${token}` },
          });
          const body = await res.arrayBuffer();
          if (res.status !== 200)
            throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
          return body.byteLength;
        };
        rows.push(
          await measurePair(name, request, undefined, {
            warmup: 3,
            runs: RUNS,
            minRuns: 5,
            budgetMs: 60_000,
          }),
        );
      }
    } finally {
      await stopDashboardChild(dash, /error|fehler|read API/i);
    }
    return { label, events, ingestSeconds, endpoints: rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (layout) {
      // TestDatabase.drop drops on the node it talks to only.
      await db.admin.command(
        Sql.trusted(`DROP DATABASE IF EXISTS ${db.name} ON CLUSTER ${layout.name}`),
      );
      await Promise.all([db.admin.close(), db.ingest.close(), db.reader.close()]);
    } else await db.drop();
  }
}

export async function benchCluster(): Promise<void> {
  console.log(
    `\n## Cluster (2 shards × 2 replicas, local) beside one node: generator scale ${SCALE}, ${FROM} … ${TO}, through the ingest API (${CLIENTS} clients, batches of ${fmt(BATCH)})`,
  );
  const layout = localClusterLayout();
  await clusterUp(layout, progress);
  const lines: string[] = [];
  for (const day of generateDays({ from: FROM, to: TO, seed: 42, scale: SCALE }))
    for (const e of day.events) lines.push(JSON.stringify(e));
  const bodies: Buffer[] = [];
  for (let i = 0; i < lines.length; i += BATCH)
    bodies.push(Buffer.from(lines.slice(i, i + BATCH).join('\n') + '\n'));
  progress(`${fmt(lines.length)} generated events`);
  const single = await runOn('one node', warehouseConfig(), bodies, undefined);
  const cluster = await runOn('cluster', clusterWarehouseConfig(layout, 'system'), bodies, layout);
  console.log('\n| | one node | cluster |');
  console.log('| --- | ---: | ---: |');
  console.log(`| events stored | ${fmt(single.events)} | ${fmt(cluster.events)} |`);
  console.log(
    `| ingest, events/s (POST to stored, rollups included) | ${fmt(single.events / single.ingestSeconds)} | ${fmt(cluster.events / cluster.ingestSeconds)} |`,
  );
  console.log('\n| endpoint | one node p50 ms | p95 | cluster p50 ms | p95 | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [i, s] of single.endpoints.entries()) {
    const c = cluster.endpoints[i]!;
    const cell = (r: PairedRun, v: number) => (r.error ? 'failed' : ms(v));
    console.log(
      `| ${s.label} | ${cell(s, s.httpP50)} | ${cell(s, s.httpP95)} | ${cell(c, c.httpP50)} | ${cell(c, c.httpP95)} | ${s.runs}/${c.runs} |`,
    );
    for (const r of [s, c]) if (r.error) console.log(`  ${r.label}: ${r.error}`);
  }
}
