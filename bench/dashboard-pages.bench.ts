/**
 * Dashboard pages with three years of demo data (scale 1, the model office: about 540,000
 * events): p50/p95 of each page's server-side data load, requested as SvelteKit's data
 * endpoint `<page>/__data.json` with a logged-in admin's session cookie (dashboard as a
 * child process), beside the bare queries: the query functions the page's load calls, with
 * the same parameters, timed in-process through a reader `Warehouse` (no SvelteKit, no
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
import { berlinDate } from '../calendar/berlin-time.ts';
import { addDays, isoWeekday, shiftYears, type LocalDate } from '../calendar/local-date.ts';
import { demoRange } from '../demo/demo-range.ts';
import { addUser } from '../dashboard/server/user-store.ts';
import { demoAnnotations } from '../demo/generator.ts';
import { loadServiceCatalog } from '../domain/catalog/service-catalog.ts';
import { annotationRow } from '../domain/reference-rows.ts';
import { annotations } from '../queries/annotations/annotations.query.ts';
import { normalDay } from '../queries/baseline/normal-day.query.ts';
import { callIntervals } from '../queries/call-intervals/call-intervals.query.ts';
import { dataQuality } from '../queries/data-quality/data-quality.query.ts';
import { emailBacklog } from '../queries/email-backlog/email-backlog.query.ts';
import { dailyForecast } from '../queries/forecast/forecast.query.ts';
import {
  handlingHistogram,
  handlingTimes,
  handlingTrend,
} from '../queries/handling-times/handling-times.query.ts';
import { waitsByHour } from '../queries/handling-times/waits-by-hour.query.ts';
import { processChange } from '../queries/process-change/process-change.query.ts';
import { rebuildRollups } from '../ingest/rollups/rebuild.ts';
import { rosterOfDay } from '../queries/roster/roster-day.query.ts';
import { seasonality } from '../queries/seasonality/seasonality.query.ts';
import { staffing } from '../queries/staffing/staffing.query.ts';
import { dailyKpis } from '../queries/summary/daily-kpis.query.ts';
import { summary } from '../queries/summary/summary.query.ts';
import { dailyVolumes } from '../queries/volumes/daily-volumes.query.ts';
import { weekdayHour } from '../queries/volumes/weekday-hour.query.ts';
import { Warehouse } from '../warehouse/client.ts';
import { ident, lit, sql } from '../warehouse/literal.ts';
import { migrate } from '../warehouse/migrate.ts';
import { syncServiceCatalog } from '../warehouse/service-catalog-sync.ts';
import {
  bulkLoad,
  countEvents,
  dashboardFiles,
  keptDatabase,
  loadedTag,
  peakRssMb,
  percentile,
  progress,
  recordLoadTag,
  settleMerges,
  startDashboardChild,
  timed,
  type DashboardChild,
  type Db,
} from './bulk-load.ts';
import { benchDatabase, fmt, seconds } from './support.ts';

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
// Periods, as dashboard/src/lib/server/period.ts computes them without URL parameters
// (it imports `$calendar`/`$queries` aliases, so it cannot be imported here).

function yesterday(): LocalDate {
  return addDays(berlinDate(new Date()), -1);
}

function defaultPeriod(preset: 'monat' | 'quartal') {
  const ref = yesterday();
  let from: LocalDate;
  if (preset === 'monat') from = `${ref.slice(0, 7)}-01`;
  else {
    const m = Math.floor((Number(ref.slice(5, 7)) - 1) / 3) * 3 + 1;
    from = `${ref.slice(0, 4)}-${String(m).padStart(2, '0')}-01`;
  }
  const to = ref;
  return {
    preset,
    from,
    to,
    ref,
    previousYear: { from: shiftYears(from, -1), to: shiftYears(to, -1) },
  };
}

// ---------------------------------------------------------------------------------------
// The bare queries of each page's load, with the parameters the load uses by default

function bareQueries(wh: Warehouse): Record<string, () => Promise<unknown>> {
  return {
    // routes/+page.server.ts
    '/': () => {
      const period = defaultPeriod('monat');
      return Promise.all([
        summary(wh, period),
        summary(wh, period.previousYear),
        dailyKpis(wh, period),
      ]);
    },
    // routes/morgenbriefing/+page.server.ts → lib/server/briefing.ts
    '/morgenbriefing': () => {
      const date = yesterday();
      const today = addDays(date, 1);
      const sameWeekdays = Array.from({ length: 8 }, (_, k) => addDays(today, -7 * (k + 1)));
      return Promise.all([
        normalDay(wh, { date }),
        waitsByHour(wh, { from: date, to: date }),
        callIntervals(wh, { from: date, to: date }),
        emailBacklog(wh, { from: addDays(date, -13), to: date }),
        rosterOfDay(wh, { date: today }),
        dailyVolumes(wh, { from: sameWeekdays[7]!, to: sameWeekdays[0]! }),
      ]);
    },
    // routes/bearbeitungszeiten/+page.server.ts (no team, service PA-ANTRAG, the newest change)
    '/bearbeitungszeiten': async () => {
      const period = defaultPeriod('quartal');
      const service = 'PA-ANTRAG';
      const scope = { from: period.from, to: period.to, team: undefined };
      const notes = (await annotations(wh)).filter((a) => a.service);
      const note = notes[0];
      return Promise.all([
        handlingTimes(wh, scope),
        handlingHistogram(wh, { ...scope, service }),
        handlingTrend(wh, { ...scope, service, grain: 'week' }),
        note
          ? processChange(wh, { date: note.date, service: note.service })
          : Promise.resolve(null),
      ]);
    },
    // routes/kontaktvolumen/+page.server.ts (channel visits)
    '/kontaktvolumen': () => {
      const period = defaultPeriod('quartal');
      const year = Number(period.to.slice(0, 4));
      return Promise.all([
        dailyVolumes(wh, period),
        dailyVolumes(wh, { from: `${year}-01-01`, to: `${year}-12-31` }),
        weekdayHour(wh, { ...period, channel: 'visits' }),
      ]);
    },
    // routes/saison/+page.server.ts
    '/saison': () => {
      const until = yesterday();
      const last = Number(until.slice(0, 4));
      return seasonality(wh, { years: [last - 2, last - 1, last], channel: 'visits', until });
    },
    // routes/prognose/+page.server.ts (visits, 91 days, staffing for tomorrow)
    '/prognose': () => {
      const until = yesterday();
      return Promise.all([
        dailyForecast(wh, { channel: 'visits', horizon: 91, until, withBacktest: true }),
        staffing(wh, { date: addDays(until, 1), until }),
      ]);
    },
    // routes/datenqualitaet/+page.server.ts (without the ingest health request)
    '/datenqualitaet': () => dataQuality(wh, defaultPeriod('monat')),
  };
}

// ---------------------------------------------------------------------------------------
// Loading

function loadTag(range: { from: LocalDate; to: LocalDate }): string {
  return `pages scale=${SCALE} seed=${SEED} from=${range.from} to=${range.to} roster+${ROSTER_AHEAD_DAYS}`;
}

async function load(db: Db, range: { from: LocalDate; to: LocalDate }): Promise<void> {
  const now = new Date();
  const r = await bulkLoad(db, {
    ...range,
    seed: SEED,
    scale: SCALE,
    now,
    rosterAheadDays: ROSTER_AHEAD_DAYS,
  });
  console.log(
    `loaded ${fmt(r.stored)} events (generated ${fmt(r.events)}; ${fmt(r.rosterRows)} roster rows incl. ${ROSTER_AHEAD_DAYS} days ahead) for ${range.from} … ${range.to} at scale ${SCALE} in ${fmt(r.seconds, 1)} s (${fmt(r.stored / r.seconds)} events/s: generator + toRow + clickhouse-client)`,
  );
  if (r.skipped.length)
    console.log(
      `WARNING: the generator threw on ${r.skipped.length} day(s), left out of the data: ${r.skipped.join('; ')}`,
    );
  if (r.stored !== r.events)
    console.log(`WARNING: ${fmt(r.events)} generated but ${fmt(r.stored)} stored`);

  const notes = demoAnnotations({ ...range, seed: SEED, now });
  await db.admin.insert(
    'annotations',
    notes.map((a) => annotationRow(a, 1)),
  );
  await syncServiceCatalog(db.admin, loadServiceCatalog());

  const t1 = performance.now();
  let nextRollup = 0.1;
  const days = await rebuildRollups(db.admin, {}, (d, n) => {
    if (d / n >= nextRollup || d === n) {
      progress(`rollups ${Math.round((d / n) * 100)} %: ${d}/${n} days, ${fmt(seconds(t1))} s`);
      while (nextRollup <= d / n) nextRollup += 0.1;
    }
  });
  console.log(
    `${notes.length} annotations, service catalog synced; rebuilt the daily rollups of ${days} days in ${fmt(seconds(t1), 1)} s`,
  );
  await recordLoadTag(db.admin, loadTag(range), r.stored);
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

interface Row {
  page: string;
  pageP50: number;
  pageP95: number;
  bareP50: number;
  bareP95: number;
  runs: number;
  bytes: number;
  error?: string;
}

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

/** Warm-up, then page request and bare queries alternately, so drift hits both alike. */
async function measure(
  dash: Dashboard,
  page: string,
  bare: (() => Promise<unknown>) | undefined,
): Promise<Row> {
  const nan = Number.NaN;
  try {
    let bytes = 0;
    const request = async () => {
      bytes = await requestData(dash, page);
    };
    const t0 = performance.now();
    for (let i = 0; i < WARMUP; i++) {
      await request();
      if (bare) await bare();
    }
    const pageMs: number[] = [];
    const bareMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < RUNS; i++) {
      pageMs.push(await timed(request));
      if (bare) bareMs.push(await timed(bare));
      if (pageMs.length >= MIN_RUNS && performance.now() - started > BUDGET_MS) break;
    }
    pageMs.sort((a, b) => a - b);
    bareMs.sort((a, b) => a - b);
    const row: Row = {
      page,
      pageP50: percentile(pageMs, 0.5),
      pageP95: percentile(pageMs, 0.95),
      bareP50: percentile(bareMs, 0.5),
      bareP95: percentile(bareMs, 0.95),
      runs: pageMs.length,
      bytes,
    };
    progress(
      `${page}: page p50 ${fmt(row.pageP50, 1)} ms, bare p50 ${fmt(row.bareP50, 1)} ms (${row.runs} runs, ${fmt(seconds(t0), 1)} s)`,
    );
    return row;
  } catch (err) {
    const error = (err as Error).message.split('\n')[0]!.slice(0, 200);
    progress(`${page} FAILED: ${error}`);
    return {
      page,
      pageP50: nan,
      pageP95: nan,
      bareP50: nan,
      bareP95: nan,
      runs: 0,
      bytes: 0,
      error,
    };
  }
}

function ms(n: number): string {
  return Number.isFinite(n) ? fmt(n, 1) : '–';
}

function overhead(r: Row): number {
  return (r.pageP50 - r.bareP50) / r.bareP50;
}

function pct(x: number): string {
  const v = Math.round(x * 100);
  return Number.isFinite(v) ? `${fmt(v === 0 ? 0 : v)} %` : '–';
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
  let dashRss = Number.NaN;
  try {
    const tag = await loadedTag(db.admin);
    if (KEEP && tag === loadTag(range)) {
      console.log(
        `reusing database ${db.name} (${tag}, ${fmt(await countEvents(db.admin))} events)`,
      );
    } else {
      if (tag !== undefined || (await countEvents(db.admin)) > 0) {
        progress(`database ${db.name} holds other or incomplete data: recreating it`);
        await db.admin.command(sql`DROP DATABASE IF EXISTS ${ident(db.name)}`);
        await migrate({ database: db.name, config: db.config });
        await loadedTag(db.admin);
      }
      await load(db, range);
    }
    await settleMerges(db);
    await dataCheck(db);

    dash = await startDashboard(db.name, dir);
    const bare = bareQueries(reader);
    const rows: Row[] = [];
    for (const page of Object.keys(bare)) rows.push(await measure(dash, page, bare[page]));
    // The floor of any page: HTTP + SvelteKit + session + the layout load, no query.
    const floor = await measure(dash, '/barrierefreiheit', undefined);
    dashRss = peakRssMb(dash.pid);

    console.log('');
    console.log(
      '| page | page load p50 ms | page load p95 ms | bare queries p50 ms | bare queries p95 ms | overhead (p50) | runs | response |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) {
      if (r.error) {
        console.log(`| ${r.page} | failed: ${r.error.replaceAll('|', '/')} | | | | | | |`);
        continue;
      }
      console.log(
        `| ${r.page} | ${ms(r.pageP50)} | ${ms(r.pageP95)} | ${ms(r.bareP50)} | ${ms(r.bareP95)} | ${pct(overhead(r))} | ${r.runs} | ${fmt(r.bytes / 1024, 1)} KiB |`,
      );
    }
    console.log(
      floor.error
        ? `| /barrierefreiheit (floor) | failed: ${floor.error.replaceAll('|', '/')} | | | | | | |`
        : `| /barrierefreiheit (floor: session + layout load, no query) | ${ms(floor.pageP50)} | ${ms(floor.pageP95)} | | | | ${floor.runs} | ${fmt(floor.bytes / 1024, 1)} KiB |`,
    );
    console.log(
      '\npage load = GET <page>/__data.json with a session cookie (the server side of a client-side navigation: hooks, layout and page load, JSON); bare = the query functions the load calls, in this process through a reader Warehouse; overhead = (page p50 − bare p50) / bare p50.',
    );
    const ok = rows.filter((r) => !r.error);
    const over = ok.filter((r) => !(r.pageP95 < TARGET_P95_MS));
    const failed = rows.filter((r) => r.error);
    const worst = ok.reduce<Row | undefined>(
      (a, b) => (!a || b.pageP95 > a.pageP95 ? b : a),
      undefined,
    );
    console.log(
      `target p95 < ${TARGET_P95_MS} ms: ` +
        (over.length === 0 && failed.length === 0
          ? `met by all ${ok.length} pages (slowest: ${worst ? `${worst.page}, p95 ${ms(worst.pageP95)} ms` : '–'}).`
          : `NOT met` +
            (over.length
              ? ` by ${over.map((r) => `${r.page} (p95 ${ms(r.pageP95)} ms)`).join(', ')}`
              : '') +
            (failed.length ? `; failed: ${failed.map((r) => r.page).join(', ')}` : '') +
            '.'),
    );
    console.log(
      `peak RSS: bench process ${fmt(process.resourceUsage().maxRSS / 1024)} MB, dashboard process ${fmt(dashRss)} MB`,
    );
  } finally {
    if (dash) {
      const errors = dash
        .output()
        .split('\n')
        .filter((l) => /error|fehler/i.test(l));
      if (errors.length) console.log(`dashboard said:\n${errors.slice(0, 10).join('\n')}`);
      await dash.stop();
    }
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
    if (KEEP) console.log(`kept database ${db.name} (BENCH_PAGES_KEEP=1)`);
    await db.drop();
  }
}
