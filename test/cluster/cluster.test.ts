/**
 * Cluster mode on the local test cluster (2 shards × 2 replicas, ZooKeeper), started here in a
 * folder of its own on ports of its own (base 28700) and stopped after: the KPI fixtures answer
 * as on one node; a replica of each shard killed while events come in loses nothing and counts
 * nothing twice; a whole shard down is "Daten unvollständig" in the read API, never a smaller
 * number, and after recovery every event is there once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callIntervals } from '../../queries/call-intervals/call-intervals.query.ts';
import { dataQuality } from '../../queries/data-quality/data-quality.query.ts';
import { emailBacklog } from '../../queries/email-backlog/email-backlog.query.ts';
import { handlingTimes } from '../../queries/handling-times/handling-times.query.ts';
import { processChange } from '../../queries/process-change/process-change.query.ts';
import { renewalWaves } from '../../queries/forecast/renewal-waves.query.ts';
import { summary } from '../../queries/summary/summary.query.ts';
import { dailyVolumes } from '../../queries/volumes/daily-volumes.query.ts';
import { hourlyVolumes } from '../../queries/volumes/hourly-volumes.query.ts';
import { weekdayHour } from '../../queries/volumes/weekday-hour.query.ts';
import { Warehouse } from '../../warehouse/client.ts';
import {
  clusterDown,
  clusterUp,
  clusterWarehouseConfig,
  localClusterLayout,
  startNode,
  stopNode,
  type ClusterLayout,
  type ClusterNode,
} from '../../warehouse/cluster/local-cluster.ts';
import type { WarehouseConfig } from '../../warehouse/config.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { CALLS, EMAILS, VISITS, VISIT_UPDATE } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let layout: ClusterLayout;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lagebild-cluster-'));
  layout = localClusterLayout({ dir, basePort: 28700 });
  await clusterUp(layout, () => {});
}, 240_000);
afterAll(async () => {
  if (layout) await clusterDown(layout);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The node the app talks to (CLICKHOUSE_URL) and the others. */
const node = (name: string): ClusterNode => layout.nodes.find((n) => n.name === name)!;

function clusterConfig(): WarehouseConfig {
  return clusterWarehouseConfig(layout, 'system');
}

/** A visit of `id` on `day`: 10 min wait, 10 min at the desk. */
function visit(id: string, day: string, version = 1) {
  return {
    type: 'visit',
    id,
    version,
    site: 'offenbach',
    team: 'melde-pass',
    arrivedAt: `${day}T08:00:00+01:00`,
    calledAt: `${day}T08:10:00+01:00`,
    endedAt: `${day}T08:20:00+01:00`,
    services: ['MELD-AN'],
    outcome: 'completed',
  };
}

/** Per node, the current visits of its own shard (the replicated table, FINAL). */
async function visitsPerReplica(database: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const n of layout.nodes) {
    const wh = new Warehouse(
      { ...clusterWarehouseConfig(layout, database), url: `http://127.0.0.1:${n.httpPort}` },
      'admin',
      database,
    );
    try {
      const [row] = await wh.query<{ n: number }>(
        sql`SELECT count() AS n FROM visits_local FINAL WHERE deleted = 0`,
      );
      counts[n.name] = Number(row?.n);
    } finally {
      await wh.close();
    }
  }
  return counts;
}

/**
 * Both replicas of each shard hold that shard's visits, both shards hold some, and together
 * they are `total`: no event missing, none twice. Polled, since a replica that came back
 * fetches what it missed in the background.
 */
async function expectReplicasAgree(database: string, total: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const r = await visitsPerReplica(database);
        return {
          shard1: r.ch1 === r.ch2,
          shard2: r.ch3 === r.ch4,
          both: r.ch1! > 0 && r.ch3! > 0,
          total: r.ch1! + r.ch3!,
        };
      },
      { timeout: 60_000, interval: 500 },
    )
    .toEqual({ shard1: true, shard2: true, both: true, total });
}

/** Waits until every replicated table of `database` on every node is active and caught up. */
async function replicasCaughtUp(database: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    const behind: string[] = [];
    for (const n of layout.nodes) {
      const wh = new Warehouse(
        { ...clusterConfig(), url: `http://127.0.0.1:${n.httpPort}` },
        'admin',
        'system',
      );
      try {
        const rows = await wh.query<{ table: string }>(
          sql`SELECT table FROM system.replicas WHERE database = ${lit.string(database)} AND (is_readonly OR is_session_expired OR queue_size > 0 OR active_replicas < total_replicas)`,
        );
        behind.push(...rows.map((r) => `${n.name}:${r.table}`));
      } catch (err) {
        behind.push(`${n.name}: ${(err as Error).message.slice(0, 80)}`);
      } finally {
        await wh.close();
      }
    }
    if (behind.length === 0) return;
    last = behind.join(', ');
    await sleep(500);
  }
  throw new Error(`replicas not caught up: ${last}`);
}

describe('the KPI fixtures on the cluster', () => {
  const call = (id: string, offeredAt: string) => ({
    type: 'call',
    id,
    version: 1,
    site: 'offenbach',
    offeredAt,
  });
  const febDays = Array.from({ length: 20 }, (_, i) => `2026-02-${String(i + 2).padStart(2, '0')}`);
  const marDays = Array.from({ length: 20 }, (_, i) => `2026-03-${String(i + 2).padStart(2, '0')}`);
  const handled = (prefix: string, days: string[], minutes: number[]) =>
    days.map((day, i) => ({
      ...visit(`${prefix}-${i}`, day),
      services: ['PA-ANTRAG'],
      calledAt: `${day}T08:05:00+01:00`,
      endedAt: new Date(
        Date.parse(`${day}T08:05:00+01:00`) + minutes[i % minutes.length]! * 60_000,
      ).toISOString(),
    }));
  // The events of test/integration/summary.test.ts and queries.test.ts together.
  const events = [
    ...VISITS,
    ...CALLS,
    ...EMAILS,
    call('dst-1', '2026-03-29T01:30:00+01:00'),
    call('dst-2', '2026-03-29T03:30:00+02:00'),
    call('dst-3', '2026-10-25T02:30:00+02:00'),
    call('dst-4', '2026-10-25T02:30:00+01:00'),
    call('midnight', '2026-12-01T00:30:00+01:00'),
    ...handled('before', febDays.slice(0, 19), [18, 20, 22]),
    ...handled('after', marDays.slice(0, 19), [11, 12, 13]),
    { ...VISITS[0]!, id: 'unknown-code', services: ['XYZ-NEU'] },
  ];

  let single: TestDatabase;
  let clustered: TestDatabase;
  beforeAll(async () => {
    single = await createTestDatabase();
    clustered = await createTestDatabase(clusterConfig());
    for (const [db, warehouse] of [
      [single, undefined],
      [clustered, clusterWarehouseConfig(layout, clustered.name)],
    ] as const) {
      const ingest = await startTestIngest(db.name, {}, warehouse);
      try {
        // Twice, then an update and a reject: nothing may count twice, version 2 wins.
        for (let i = 0; i < 2; i++)
          expect((await ingest.post(JSON.stringify(events))).status).toBe(202);
        expect((await ingest.post(JSON.stringify([VISIT_UPDATE]))).status).toBe(202);
        expect((await ingest.post(JSON.stringify([{ type: 'call', id: 'bad' }]))).status).toBe(202);
        await ingest.drained(60_000);
      } finally {
        await ingest.stop();
      }
    }
  }, 120_000);
  afterAll(async () => {
    await single?.drop();
    await clustered?.drop();
  });

  /** Query results without the times of delivery, which differ between the two runs. */
  function withoutDeliveryTimes(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value), (key, v) =>
      ['last', 'lastDelivery', 'rejectedAt'].includes(key) ? undefined : v,
    );
  }

  const DAY = { from: '2026-03-10', to: '2026-03-10' };
  const QUERIES: [string, (wh: Warehouse) => Promise<unknown>][] = [
    ['summary raw', (wh) => summary(wh, { ...DAY, source: 'raw' })],
    ['summary rollup', (wh) => summary(wh, { ...DAY, source: 'rollup' })],
    ['summary Feb–Mar', (wh) => summary(wh, { from: '2026-02-01', to: '2026-03-31' })],
    ['daily volumes', (wh) => dailyVolumes(wh, { from: '2026-03-09', to: '2026-03-11' })],
    ['hourly volumes', (wh) => hourlyVolumes(wh, { from: '2026-03-29', to: '2026-03-29' })],
    [
      'weekday × hour',
      (wh) => weekdayHour(wh, { from: '2026-10-25', to: '2026-10-25', channel: 'calls' }),
    ],
    ['call intervals', (wh) => callIntervals(wh, DAY)],
    ['email backlog', (wh) => emailBacklog(wh, { from: '2026-03-09', to: '2026-03-12' })],
    ['handling times', (wh) => handlingTimes(wh, { from: '2026-03-02', to: '2026-03-27' })],
    [
      'process change',
      (wh) => processChange(wh, { date: '2026-03-02', service: 'PA-ANTRAG', windowDays: 28 }),
    ],
    ['renewal waves', (wh) => renewalWaves(wh, { from: '2032-02-01', months: 2 })],
    [
      'data quality',
      async (wh) =>
        withoutDeliveryTimes(
          await dataQuality(wh, { from: '2026-01-01', to: new Date().toISOString().slice(0, 10) }),
        ),
    ],
  ];

  it.each(QUERIES)('%s: the same answer as on one node', async (_, run) => {
    const expected = await run(single.reader);
    expect(await run(clustered.reader)).toEqual(expected);
  });

  it('spreads the events over both shards and keeps each on both replicas of its shard', async () => {
    const [all] = await clustered.reader.query<{ n: number }>(
      sql`SELECT count() AS n FROM visits FINAL WHERE deleted = 0`,
    );
    await expectReplicasAgree(clustered.name, Number(all?.n));
  });
});

describe('failures while events come in', () => {
  let db: TestDatabase;
  let ingest: TestIngest;
  beforeAll(async () => {
    db = await createTestDatabase(clusterConfig());
    ingest = await startTestIngest(db.name, {}, clusterWarehouseConfig(layout, db.name));
  }, 120_000);
  afterAll(async () => {
    await ingest?.stop();
    await db?.drop();
  });

  /** Every distinct id posted so far, by the day of its newest version. */
  const posted = new Map<string, string>();
  let batch = 0;
  /** 30 new visits; the previous batch re-sent as version 2 one day later (a key move). */
  async function postBatch(): Promise<number> {
    const b = batch++;
    const may = (d: number) => `2026-05-${String(d).padStart(2, '0')}`;
    const fresh = Array.from({ length: 30 }, (_, i) => visit(`k${b}-${i}`, may((b % 27) + 1)));
    const moved =
      b === 0
        ? []
        : Array.from({ length: 30 }, (_, i) => visit(`k${b - 1}-${i}`, may(((b - 1) % 27) + 2), 2));
    for (const v of [...fresh, ...moved]) posted.set(v.id, v.arrivedAt.slice(0, 10));
    const res = await ingest.post(JSON.stringify([...fresh, ...moved]));
    return res.status;
  }

  async function expectEveryEventOnce(): Promise<void> {
    await ingest.drained(90_000);
    await replicasCaughtUp(db.name);
    const total = posted.size;
    for (const source of ['raw', 'rollup'] as const) {
      const s = await summary(db.reader, { from: '2026-05-01', to: '2026-05-31', source });
      expect(s.visits.contacts, source).toBe(total);
    }
    const days = await dailyVolumes(db.reader, { from: '2026-05-01', to: '2026-05-31' });
    const perDay = new Map<string, number>();
    for (const d of posted.values()) perDay.set(d, (perDay.get(d) ?? 0) + 1);
    expect(days.filter((d) => d.visits > 0).map((d) => [d.date, d.visits])).toEqual(
      [...perDay.entries()].sort(),
    );
    await expectReplicasAgree(db.name, total);
  }

  it('one replica of each shard killed (SIGKILL): every POST 202, every event counted once after they return', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await postBatch());
    // The app talks to ch1 (shard 1): its partner ch2 and ch3 of shard 2 die.
    await Promise.all([stopNode(node('ch2'), 'SIGKILL'), stopNode(node('ch3'), 'SIGKILL')]);
    for (let i = 0; i < 20; i++) {
      statuses.push(await postBatch());
      await sleep(250);
    }
    await ingest.drained(60_000);
    const back = Promise.all([startNode(layout, node('ch2')), startNode(layout, node('ch3'))]);
    for (let i = 0; i < 5; i++) statuses.push(await postBatch());
    await back;
    expect(new Set(statuses)).toEqual(new Set([202]));
    await expectEveryEventOnce();
  }, 180_000);

  it('a whole shard down: ingest spools, the read API says the data is incomplete, then all is there once', async () => {
    let api: TestDashboard | undefined;
    const c = clusterWarehouseConfig(layout, db.name).credentials;
    try {
      api = await startTestDashboard(db.name, {
        CLICKHOUSE_URL: `http://127.0.0.1:${node('ch1').httpPort}`,
        CLICKHOUSE_CLUSTER: layout.name,
        CLICKHOUSE_USER: c.admin.user,
        CLICKHOUSE_PASSWORD: c.admin.password,
        CLICKHOUSE_READ_USER: c.reader.user,
        CLICKHOUSE_READ_PASSWORD: c.reader.password,
      });
      const range = 'from=2026-05-01&to=2026-05-31';
      const before = await api.get(`/api/v1/kpi/summary?${range}`);
      expect(before.status).toBe(200);
      await Promise.all([stopNode(node('ch3'), 'SIGKILL'), stopNode(node('ch4'), 'SIGKILL')]);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push(await postBatch());
      expect(new Set(statuses)).toEqual(new Set([202]));
      const res = await api.get(`/api/v1/kpi/summary?${range}`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/^Daten unvollständig/);
      // Nothing was lost meanwhile: what shard 2 could not take is still in the spool.
      expect(ingest.service.settled()).toBe(false);
      await Promise.all([startNode(layout, node('ch3')), startNode(layout, node('ch4'))]);
      await expectEveryEventOnce();
      expect((await api.get(`/api/v1/kpi/summary?${range}`)).status).toBe(200);
    } finally {
      await api?.stop();
    }
  }, 180_000);
});
