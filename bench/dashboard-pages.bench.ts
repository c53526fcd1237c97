/**
 * Dashboard pages with three years of demo data (scale 1, the model office: about 540,000
 * events): p50/p95 of each page's server-side data load, requested as SvelteKit's data
 * endpoint `<page>/__data.json` with a logged-in admin's session cookie (dashboard as a
 * child process), beside the bare page data: the page's own data function
 * (dashboard/src/lib/server/pages/) with the parameters its load gives a request without
 * query string, timed in-process through a reader `Warehouse` (no SvelteKit, no
 * serialisation, no HTTP).
 *
 * The data ends yesterday (Europe/Berlin) and is generated with `now: new Date()`, so the
 * pages' default periods (which end yesterday) hold data; roster (with 28 days planned
 * ahead), demo annotations and the service catalog are loaded as `lagebild serve` loads
 * them, then the rollups are rebuilt.
 *
 * Knobs: BENCH_PAGES_YEARS (3), BENCH_PAGES_SCALE (1), BENCH_PAGES_RUNS (20 timed requests
 * per page), BENCH_PAGES_BUDGET_S (60: a page stops early, after at least 5 runs, once its
 * page and bare runs together took that long), BENCH_PAGES_KEEP=1 (keep the database
 * `lagebild_bench_pages_s<scale>` and reuse it when it already holds this data).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, isoWeekday, type LocalDate } from '../calendar/local-date.ts';
import { demoRange } from '../demo/demo-range.ts';
import { addUser } from '../dashboard/server/user-store.ts';
import { periodFromUrl, yesterday } from '../dashboard/src/lib/server/period.ts';
import { briefingData } from '../dashboard/src/lib/server/pages/briefing.ts';
import { dataQualityData } from '../dashboard/src/lib/server/pages/data-quality.ts';
import { forecastData } from '../dashboard/src/lib/server/pages/forecast.ts';
import {
  DEFAULT_SERVICE,
  handlingTimesData,
} from '../dashboard/src/lib/server/pages/handling-times.ts';
import { overviewData } from '../dashboard/src/lib/server/pages/overview.ts';
import { seasonData } from '../dashboard/src/lib/server/pages/season.ts';
import { volumesData } from '../dashboard/src/lib/server/pages/volumes.ts';
import { demoAnnotations } from '../demo/generator.ts';
import { annotationRow } from '../domain/reference-rows.ts';
import { Warehouse } from '../warehouse/client.ts';
import { lit, sql } from '../warehouse/literal.ts';
import { loadBenchData } from './bulk-load.ts';
import {
  dashboardFiles,
  startDashboardChild,
  stopDashboardChild,
  type DashboardChild,
} from './dashboard-child.ts';
import { benchDatabase, fillDatabase, keptDatabase, settleMerges, type Db } from './databases.ts';
import { measurePair, ms, printPairs, type PairedRun } from './paired-runs.ts';
import { peakRssMb } from './process-stats.ts';
import { fmt } from './support.ts';

const YEARS = Number(process.env.BENCH_PAGES_YEARS ?? 3);
const SCALE = Number(process.env.BENCH_PAGES_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_PAGES_RUNS ?? 20);
const BUDGET_MS = Number(process.env.BENCH_PAGES_BUDGET_S ?? 60) * 1000;
const KEEP = process.env.BENCH_PAGES_KEEP === '1';
const WARMUP = 2;
const MIN_RUNS = 5;
const SEED = 42;
const ROSTER_AHEAD_DAYS = 28;
const TARGET_P95_MS = 300;
const USER = 'bench-admin';

// ---------------------------------------------------------------------------------------
// The bare page data: each page's data function with the parameters its load
// (dashboard/src/routes/<page>/+page.server.ts) takes from a URL without query string

/** A URL without query string: the period a page shows by default. */
function defaultPeriod(preset: 'monat' | 'quartal') {
  return periodFromUrl(new URL('http://bench.invalid/'), preset);
}

function pageData(wh: Warehouse): Record<string, () => Promise<unknown>> {
  return {
    '/': () => overviewData(wh, defaultPeriod('monat')),
    '/morgenbriefing': () => briefingData(wh, yesterday()),
    '/bearbeitungszeiten': () =>
      handlingTimesData(wh, {
        period: defaultPeriod('quartal'),
        team: undefined,
        service: DEFAULT_SERVICE,
        changeId: undefined,
      }),
    '/kontaktvolumen': () =>
      volumesData(wh, { period: defaultPeriod('quartal'), channel: 'visits' }),
    '/saison': () => seasonData(wh, { until: yesterday() }),
    '/prognose': () => {
      const until = yesterday();
      const day = addDays(until, 1);
      return forecastData(wh, { channel: 'visits', horizon: 91, day, until, showRenewals: false });
    },
    '/datenqualitaet': () => dataQualityData(wh, { period: defaultPeriod('monat'), page: 1 }),
  };
}

// ---------------------------------------------------------------------------------------
// Loading

function loadTag(range: { from: LocalDate; to: LocalDate }): string {
  return `pages scale=${SCALE} seed=${SEED} from=${range.from} to=${range.to} roster+${ROSTER_AHEAD_DAYS}`;
}

function load(db: Db, range: { from: LocalDate; to: LocalDate }): Promise<number> {
  const now = new Date();
  const opts = { ...range, seed: SEED, scale: SCALE, now, rosterAheadDays: ROSTER_AHEAD_DAYS };
  return loadBenchData(db, opts, async () => {
    const notes = demoAnnotations({ ...range, seed: SEED, now });
    await db.admin.insert(
      'annotations',
      notes.map((a) => annotationRow(a, 1)),
    );
    return `${notes.length} annotations`;
  });
}

/** Events on the days the default periods cover: a page over an empty period would time nothing. */
async function dataCheck(db: Db): Promise<void> {
  const y = yesterday();
  const month = defaultPeriod('monat');
  const quarter = defaultPeriod('quartal');
  const count = async (from: LocalDate, to: LocalDate) => {
    const [r] = await db.admin.query<{ n: number }>(sql`SELECT
      (SELECT count() FROM visits WHERE day BETWEEN ${lit.date(from)} AND ${lit.date(to)}) +
      (SELECT count() FROM calls WHERE day BETWEEN ${lit.date(from)} AND ${lit.date(to)}) +
      (SELECT count() FROM emails WHERE day BETWEEN ${lit.date(from)} AND ${lit.date(to)}) AS n`);
    return Number(r?.n ?? 0);
  };
  const weekday = ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'][isoWeekday(y) - 1];
  console.log(
    `events in the default periods: yesterday ${y} (${weekday}) ${fmt(await count(y, y))}, ` +
      `month ${month.from} … ${month.to} ${fmt(await count(month.from, month.to))}, ` +
      `quarter ${quarter.from} … ${quarter.to} ${fmt(await count(quarter.from, quarter.to))}`,
  );
}

// ---------------------------------------------------------------------------------------
// Dashboard child and session

interface Dashboard extends DashboardChild {
  cookie: string;
}

async function startDashboard(database: string, dir: string): Promise<Dashboard> {
  const password = randomBytes(18).toString('base64url');
  addUser(USER, 'admin', password, dashboardFiles(dir).usersFile);
  const child = await startDashboardChild(database, dir);
  try {
    const res = await fetch(`${child.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      // As a browser's plain form post: fetch's default `accept: */*` makes SvelteKit answer
      // as to an enhanced form (200 with a JSON redirect) instead of the 303.
      headers: { origin: child.url, accept: 'text/html' },
      body: new URLSearchParams({ name: USER, password }),
    });
    await res.arrayBuffer();
    const session = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('lagebild_session='));
    if (res.status !== 303 || !session)
      throw new Error(`login answered ${res.status} without a session cookie`);
    return { ...child, cookie: session };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------
// Measuring

function dataPath(page: string): string {
  return page === '/' ? '/__data.json' : `${page}/__data.json`;
}

/** One data request; throws unless SvelteKit answered with data for every node. */
async function requestData(dash: Dashboard, page: string): Promise<number> {
  const res = await fetch(dash.url + dataPath(page), { headers: { cookie: dash.cookie } });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`${dataPath(page)} answered ${res.status}: ${text.slice(0, 300)}`);
  // A load returning promises streams further lines; these loads return plain data.
  const body = JSON.parse(text.split('\n')[0]!) as {
    type: string;
    location?: string;
    nodes?: ({ type: string; error?: unknown } | null)[];
  };
  if (body.type !== 'data')
    throw new Error(
      `${dataPath(page)}: ${body.type}${body.location ? ` to ${body.location}` : ''}: ${text.slice(0, 300)}`,
    );
  const failed = body.nodes?.find((n) => n?.type === 'error');
  if (failed) throw new Error(`${dataPath(page)}: load failed: ${JSON.stringify(failed.error)}`);
  return Buffer.byteLength(text);
}

/** Page request and bare page data alternately (see paired-runs.ts). */
function measure(
  dash: Dashboard,
  page: string,
  bare: (() => Promise<unknown>) | undefined,
): Promise<PairedRun> {
  return measurePair(page, () => requestData(dash, page), bare, {
    warmup: WARMUP,
    runs: RUNS,
    minRuns: MIN_RUNS,
    budgetMs: BUDGET_MS,
  });
}

// ---------------------------------------------------------------------------------------

export async function benchDashboardPages(): Promise<void> {
  const range = demoRange(YEARS);
  console.log(
    `\n## Dashboard pages: ${YEARS} years of demo data ${range.from} … ${range.to}, generator scale ${SCALE}, ${RUNS} timed data loads per page after ${WARMUP} warm-ups`,
  );
  const db: Db = KEEP
    ? await keptDatabase(`lagebild_bench_pages_s${String(SCALE).replace(/\W/g, '_')}`)
    : await benchDatabase('pages');
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-bench-pages-'));
  const reader = new Warehouse(db.config, 'reader', db.name);
  let dash: Dashboard | undefined;
  try {
    await fillDatabase(db, KEEP, loadTag(range), (d) => load(d, range));
    await settleMerges(db);
    await dataCheck(db);

    dash = await startDashboard(db.name, dir);
    const bare = pageData(reader);
    const rows: PairedRun[] = [];
    for (const page of Object.keys(bare)) rows.push(await measure(dash, page, bare[page]));
    // The floor of any page: HTTP + SvelteKit + session + the layout load, no query.
    const floor = await measure(dash, '/barrierefreiheit', undefined);
    const dashRss = peakRssMb(dash.pid);

    printPairs(rows, { label: 'page', http: 'page load', bare: 'bare page data' });
    console.log(
      floor.error
        ? `| /barrierefreiheit (floor) | failed: ${floor.error.replaceAll('|', '/')} | | | | | | |`
        : `| /barrierefreiheit (floor: session + layout load, no query) | ${ms(floor.httpP50)} | ${ms(floor.httpP95)} | | | | ${floor.runs} | ${fmt(floor.bytes / 1024, 1)} KiB |`,
    );
    console.log(
      "\npage load = GET <page>/__data.json with a session cookie (the server side of a client-side navigation: hooks, layout and page load, JSON); bare = the page's data function (dashboard/src/lib/server/pages/) the load calls, in this process through a reader Warehouse; overhead = (page p50 − bare p50) / bare p50.",
    );
    const ok = rows.filter((r) => !r.error);
    const over = ok.filter((r) => !(r.httpP95 < TARGET_P95_MS));
    const failed = rows.filter((r) => r.error);
    const worst = ok.reduce<PairedRun | undefined>(
      (a, b) => (!a || b.httpP95 > a.httpP95 ? b : a),
      undefined,
    );
    console.log(
      `target p95 < ${TARGET_P95_MS} ms: ` +
        (over.length === 0 && failed.length === 0
          ? `met by all ${ok.length} pages (slowest: ${worst ? `${worst.label}, p95 ${ms(worst.httpP95)} ms` : '–'}).`
          : `NOT met` +
            (over.length
              ? ` by ${over.map((r) => `${r.label} (p95 ${ms(r.httpP95)} ms)`).join(', ')}`
              : '') +
            (failed.length ? `; failed: ${failed.map((r) => r.label).join(', ')}` : '') +
            '.'),
    );
    console.log(
      `peak RSS: bench process ${fmt(process.resourceUsage().maxRSS / 1024)} MB, dashboard process ${fmt(dashRss)} MB`,
    );
  } finally {
    if (dash) await stopDashboardChild(dash, /error|fehler/i);
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
    if (KEEP) console.log(`kept database ${db.name} (BENCH_PAGES_KEEP=1)`);
    await db.drop();
  }
}
