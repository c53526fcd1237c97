/**
 * Read API latency at state-wide size: the generator at scale 100 (≈ 18 million events a
 * year) loaded straight into ClickHouse with clickhouse-client, the rollups rebuilt, then
 * p50/p95 of each read endpoint over HTTP (dashboard server as a child process, bearer read
 * token) beside the bare query for the same figures in the same run: the SQL the endpoint
 * runs, timed in-process through a reader `Warehouse` (no SvelteKit, no JSON response).
 *
 * Knobs: BENCH_READ_SCALE (100), BENCH_READ_FROM / BENCH_READ_TO (2025-01-01 … 2025-12-31),
 * BENCH_READ_RUNS (30 timed requests per endpoint), BENCH_READ_BUDGET_S (120: an endpoint
 * stops early, after at least 5 runs, once its API and bare runs together took that long),
 * BENCH_READ_RAW_RUNS (5, the raw-events summary), BENCH_READ_KEEP=1 (keep the database
 * `lagebild_bench_read_api_s<scale>` and reuse it when it already holds this data).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, daysBetween, isoWeekday, type LocalDate } from '../calendar/local-date.ts';
import { addToken } from '../auth/token-store.ts';
import { callIntervals } from '../queries/call-intervals/call-intervals.query.ts';
import { dataQuality } from '../queries/data-quality/data-quality.query.ts';
import { emailBacklog } from '../queries/email-backlog/email-backlog.query.ts';
import {
  handlingHistogram,
  handlingTimes,
  handlingTrend,
} from '../queries/handling-times/handling-times.query.ts';
import { processChange } from '../queries/process-change/process-change.query.ts';
import { rebuildRollups, rollupsMissing } from '../ingest/rollups/rebuild.ts';
import { hourlyVolumes } from '../queries/volumes/hourly-volumes.query.ts';
import {
  callCountsSql,
  emailBacklogSql,
  emailCountsSql,
  visitCountsSql,
  type SummaryParams,
} from '../queries/summary/summary.query.ts';
import { kpiSettings } from '../queries/targets.ts';
import { dailyVolumes } from '../queries/volumes/daily-volumes.query.ts';
import { weekdayHour } from '../queries/volumes/weekday-hour.query.ts';
import { Warehouse } from '../warehouse/client.ts';
import type { Sql } from '../warehouse/literal.ts';
import { loadBenchData } from './bulk-load.ts';
import {
  dashboardFiles,
  startDashboardChild,
  stopDashboardChild,
  type DashboardChild,
} from './dashboard-child.ts';
import { benchDatabase, fillDatabase, keptDatabase, settleMerges, type Db } from './databases.ts';
import { measurePair, ms, overhead, pct, printPairs, type PairedRun } from './paired-runs.ts';
import { peakRssMb } from './process-stats.ts';
import { fmt, percentile, progress, timed } from './support.ts';

const SCALE = Number(process.env.BENCH_READ_SCALE ?? 100);
const FROM: LocalDate = process.env.BENCH_READ_FROM ?? '2025-01-01';
const TO: LocalDate = process.env.BENCH_READ_TO ?? '2025-12-31';
const RUNS = Number(process.env.BENCH_READ_RUNS ?? 30);
const BUDGET_MS = Number(process.env.BENCH_READ_BUDGET_S ?? 120) * 1000;
const RAW_RUNS = Number(process.env.BENCH_READ_RAW_RUNS ?? 5);
const KEEP = process.env.BENCH_READ_KEEP === '1';
const WARMUP = 3;
const MIN_RUNS = 5;
const SEED = 42;
/** The process-change endpoint's day and service (the most frequent one of the generator). */
const MID: LocalDate = process.env.BENCH_READ_CHANGE_DATE ?? '2025-07-01';
const CHANGE_SERVICE = process.env.BENCH_READ_CHANGE_SERVICE ?? 'PA-ANTRAG';

/** What a completed load recorded, so a kept database is reused only for the same data. */
function loadTag(): string {
  return `scale=${SCALE} seed=${SEED} from=${FROM} to=${TO}`;
}

// ---------------------------------------------------------------------------------------
// Dashboard child

interface Dashboard extends DashboardChild {
  token: string;
}

async function startDashboard(database: string, dir: string): Promise<Dashboard> {
  // Every endpoint measured, whichever page it serves: a token of the role that reads them all.
  const token = addToken(
    { name: 'bench-reader', scope: 'read', role: 'admin' },
    dashboardFiles(dir).tokenFile,
  );
  return { ...(await startDashboardChild(database, dir)), token };
}

// ---------------------------------------------------------------------------------------
// Measuring

/** API request and bare query alternately (see paired-runs.ts). */
function measure(
  dash: Dashboard,
  label: string,
  path: string,
  bare: (() => Promise<unknown>) | undefined,
): Promise<PairedRun> {
  const api = async () => {
    const res = await fetch(dash.url + path, {
      headers: { authorization: `Bearer ${dash.token}` },
    });
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(
        `${path} answered ${res.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`,
      );
    return body.byteLength;
  };
  return measurePair(label, api, bare, {
    warmup: WARMUP,
    runs: RUNS,
    minRuns: MIN_RUNS,
    budgetMs: BUDGET_MS,
  });
}

/** The four statements of `summary()`, concurrently as it runs them. */
function summaryQueries(wh: Warehouse, p: SummaryParams): () => Promise<unknown> {
  const statements: Sql[] = [
    visitCountsSql(p),
    callCountsSql(p, kpiSettings().shortAbandonSeconds),
    emailCountsSql(p),
    emailBacklogSql(p),
  ];
  return () => Promise.all(statements.map((s) => wh.query(s)));
}

/** The Monday-to-Sunday week around the middle of the range (clipped to it). */
function middleWeek(): { from: LocalDate; to: LocalDate } {
  const mid = addDays(FROM, Math.floor(daysBetween(FROM, TO) / 2));
  let from = addDays(mid, 1 - isoWeekday(mid));
  if (from < FROM) from = FROM;
  let to = addDays(from, 6);
  if (to > TO) to = TO;
  return { from, to };
}

// ---------------------------------------------------------------------------------------

export async function benchReadApi(): Promise<void> {
  console.log(
    `\n## Read API: range ${FROM} … ${TO}, generator scale ${SCALE}, ${RUNS} timed requests per endpoint after ${WARMUP} warm-ups`,
  );
  const db: Db = KEEP
    ? await keptDatabase(`lagebild_bench_read_api_s${String(SCALE).replace(/\W/g, '_')}`)
    : await benchDatabase('read_api');
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-bench-read-'));
  let dash: Dashboard | undefined;
  const reader = new Warehouse(db.config, 'reader', db.name);
  try {
    await fillDatabase(db, KEEP, loadTag(), (d) =>
      loadBenchData(d, { from: FROM, to: TO, seed: SEED, scale: SCALE }),
    );
    // A kept database loaded before a rollup existed: fill the new rollups first.
    if (await rollupsMissing(db.admin)) {
      const t = performance.now();
      const days = await rebuildRollups(db.admin, {});
      console.log(
        `rebuilt the rollups of ${days} days (a rollup was missing) in ${fmt((performance.now() - t) / 1000, 1)} s`,
      );
    }
    await settleMerges(db);

    dash = await startDashboard(db.name, dir);
    const year = `from=${FROM}&to=${TO}`;
    const week = middleWeek();
    const quarter = { from: FROM, to: addDays(FROM, 89) < TO ? addDays(FROM, 89) : TO };
    const p = { from: FROM, to: TO };
    const rows: PairedRun[] = [];
    rows.push(
      await measure(dash, 'kpi/summary', `/api/v1/kpi/summary?${year}`, summaryQueries(reader, p)),
      await measure(dash, 'volumes/daily', `/api/v1/volumes/daily?${year}`, () =>
        dailyVolumes(reader, p),
      ),
      await measure(
        dash,
        'volumes/weekday-hour (visits)',
        `/api/v1/volumes/weekday-hour?${year}&channel=visits`,
        () => weekdayHour(reader, { ...p, channel: 'visits' }),
      ),
      await measure(dash, 'handling-times', `/api/v1/handling-times?${year}`, () =>
        handlingTimes(reader, p),
      ),
      await measure(
        dash,
        `calls/intervals (week ${week.from} … ${week.to})`,
        `/api/v1/calls/intervals?from=${week.from}&to=${week.to}`,
        () => callIntervals(reader, week),
      ),
      await measure(dash, 'emails/backlog', `/api/v1/emails/backlog?${year}`, () =>
        emailBacklog(reader, p),
      ),
      await measure(dash, 'data-quality', `/api/v1/data-quality?${year}`, () =>
        dataQuality(reader, p),
      ),
      // The hourly endpoint answers at most 93 days: the first quarter of the range.
      await measure(
        dash,
        `volumes/hourly (${quarter.from} … ${quarter.to})`,
        `/api/v1/volumes/hourly?from=${quarter.from}&to=${quarter.to}`,
        () => hourlyVolumes(reader, quarter),
      ),
      await measure(
        dash,
        'handling-times/histogram',
        `/api/v1/handling-times/histogram?${year}`,
        () => handlingHistogram(reader, p),
      ),
      await measure(
        dash,
        'handling-times/trend (week)',
        `/api/v1/handling-times/trend?${year}&grain=week`,
        () => handlingTrend(reader, { ...p, grain: 'week' }),
      ),
      // The shortest window: the bootstrap (1,000 resamples of every case) takes minutes
      // network-wide over the default 56 days at scale 100.
      await measure(
        dash,
        `process-change (${MID} ± 7 days, ${CHANGE_SERVICE})`,
        `/api/v1/process-change?date=${MID}&service=${CHANGE_SERVICE}&windowDays=7`,
        () => processChange(reader, { date: MID, service: CHANGE_SERVICE, windowDays: 7 }),
      ),
    );
    // The other read endpoints, timed over HTTP only (their work is more than one query).
    const year1 = FROM.slice(0, 4);
    for (const [label, path] of [
      [
        'volumes/year-over-year',
        `/api/v1/volumes/year-over-year?fromYear=${year1}&toYear=${year1}`,
      ],
      ['seasonality', `/api/v1/seasonality?fromYear=${year1}&toYear=${year1}`],
      ['baseline', `/api/v1/baseline?date=${TO}`],
      ['forecast/daily', '/api/v1/forecast/daily'],
      ['forecast/renewals', '/api/v1/forecast/renewals'],
      ['staffing', '/api/v1/staffing'],
      ['staffing/backcast', '/api/v1/staffing/backcast'],
      ['briefing/pdf', `/api/v1/briefing/pdf?date=${TO}`],
    ] as const)
      rows.push(await measure(dash, label, path, undefined));
    // The floor of any request: HTTP + SvelteKit + the token check, no query (answers 401).
    const floorMs: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t = performance.now();
      const res = await fetch(`${dash.url}/api/v1/kpi/summary?${year}`);
      await res.arrayBuffer();
      if (i >= WARMUP) floorMs.push(performance.now() - t);
    }
    floorMs.sort((a, b) => a - b);
    const dashRss = peakRssMb(dash.pid);

    // The rollup's benefit: the same four summary statements over the raw events (FINAL).
    const raw = summaryQueries(reader, { ...p, source: 'raw' });
    const rawMs: number[] = [];
    try {
      await raw();
      for (let i = 0; i < RAW_RUNS; i++) rawMs.push(await timed(raw));
    } catch (err) {
      progress(`summary over raw events FAILED: ${(err as Error).message.split('\n')[0]}`);
    }
    rawMs.sort((a, b) => a - b);
    progress(`summary over raw events: p50 ${fmt(percentile(rawMs, 0.5), 1)} ms`);

    printPairs(rows, { label: 'endpoint', http: 'API', bare: 'bare' });
    console.log(
      `| kpi/summary, bare over raw events (FINAL, exact quantiles) | | | ${ms(percentile(rawMs, 0.5))} | ${ms(percentile(rawMs, 0.95))} | | ${rawMs.length} | |`,
    );
    console.log(
      `| request without token (401: HTTP + SvelteKit + token check, no query) | ${ms(percentile(floorMs, 0.5))} | ${ms(percentile(floorMs, 0.95))} | | | | ${floorMs.length} | |`,
    );
    console.log(
      '\noverhead = (API p50 − bare p50) / bare p50; bare = the endpoint’s SQL through a reader Warehouse in this process (summary: its four statements concurrently).',
    );
    const slow = rows.filter((r) => r.error || !(r.httpP95 < 150));
    console.log(
      `API p95 under 150 ms: ${rows.length - slow.length} of ${rows.length} endpoints; not: ${slow.map((r) => `${r.label} (${r.error ? 'failed' : `${ms(r.httpP95)} ms`})`).join(', ') || 'none'}`,
    );
    const s = rows[0]!;
    const ok = rows.filter((r) => !r.error && Number.isFinite(r.bareP50));
    const worst = ok.reduce((a, b) => (overhead(b) > overhead(a) ? b : a), ok[0]!);
    if (s.error || !worst) console.log('summary failed: no verdict on the targets');
    else
      console.log(
        `summary p95 ${ms(s.httpP95)} ms: ${s.httpP95 < 150 ? 'under' : 'NOT under'} the 150 ms target; ` +
          `summary overhead ${pct(overhead(s))}: ${overhead(s) < 0.3 ? 'under' : 'NOT under'} the 30 % target; ` +
          `largest overhead ${pct(overhead(worst))} (${worst.label}) ${overhead(worst) < 0.3 ? 'under' : 'NOT under'} 30 %.`,
      );
    console.log(
      `peak RSS: bench process ${fmt(process.resourceUsage().maxRSS / 1024)} MB, dashboard process ${fmt(dashRss)} MB`,
    );
  } finally {
    if (dash) await stopDashboardChild(dash, /error|fehler|read API/i);
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
    if (KEEP) console.log(`kept database ${db.name} (BENCH_READ_KEEP=1)`);
    await db.drop();
  }
}
