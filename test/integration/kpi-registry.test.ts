/**
 * The KPI registry (queries/kpis/) is the one place of each KPI: a dashboard started with
 * LAGEBILD_TARGET_SERVICE_LEVEL=0.6 shows 60 % on the Überblick tile, in the Morgenbriefing's
 * interval chart (its drawn target line and its description) and in the staffing target,
 * where the test process itself (default 0.75) computes 75 %. And every KPI key the
 * dashboard names exists in the registry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../calendar/local-date.ts';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../dashboard/src/lib/server/pdf.ts';
import { loadDemoData } from '../../demo/load-demo.ts';
import {
  isKpiKey,
  KPI_KEYS,
  KPIS,
  kpiTarget,
  type KpiKey,
} from '../../queries/kpis/definitions.ts';
import { staffing, type StaffingResult } from '../../queries/staffing/staffing.query.ts';
import { summary, type Summary } from '../../queries/summary/summary.query.ts';
import { kpiSettings } from '../../queries/targets.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'ein-langes-passwort-2';
const until = addDays(berlinDate(new Date()), -1);
const from = addDays(until, -6);

let db: TestDatabase;
let ingest: TestIngest;
let app: TestDashboard;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  // Twelve weeks up to yesterday: the briefing's eight-week baseline and the forecast's history.
  const loaded = await loadDemoData(
    { ingestUrl: ingest.service.url, token: ingest.token, wh: db.ingest },
    { from: addDays(until, -83), to: until, seed: 5, now: new Date() },
  );
  expect(loaded.rejected).toBe(0);
  await ingest.drained(120_000);
  app = await startTestDashboard(db.name, { LAGEBILD_TARGET_SERVICE_LEVEL: '0.6' });
  addUser('leitung', 'leitung', PASSWORD, app.usersFile);
  cookie = await login(app.url, 'leitung', PASSWORD);
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await ingest?.stop();
  await db?.drop();
});

async function page(path: string): Promise<string> {
  const res = await fetch(app.url + path, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The text of the tile of `kpi` on the Überblick page, tags removed. */
function tileText(html: string, kpi: KpiKey): string {
  const start = html.indexOf(`data-kpi="${kpi}"`);
  expect(start).toBeGreaterThan(0);
  const end = html.indexOf('</article>', start);
  return html
    .slice(start, end)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe('LAGEBILD_TARGET_SERVICE_LEVEL=0.6 reaches every place of the 115 target', () => {
  it('the summary API judges the service level against 60 %, the other targets stay', async () => {
    const res = await app.get(`/api/v1/kpi/summary?from=${from}&to=${until}`);
    const body = (await res.json()) as Summary;
    const sl = body.targets.find((t) => t.kpi === 'calls.serviceLevel')!;
    expect(sl.target).toBe(0.6);
    expect(sl.status).toBe(sl.value! >= 0.6 ? 'met' : 'missed');
    const here = await summary(db.reader, { from, to: until });
    expect(here.targets.find((t) => t.kpi === 'calls.serviceLevel')!.target).toBe(0.75);
    expect(body.calls).toEqual(here.calls);
    expect(body.targets.filter((t) => t.kpi !== 'calls.serviceLevel')).toEqual(
      here.targets.filter((t) => t.kpi !== 'calls.serviceLevel'),
    );
    const csv = await (
      await app.get(`/api/v1/kpi/summary?from=${from}&to=${until}&format=csv`)
    ).text();
    expect(csv).toMatch(/\r\n115: Servicelevel \(30 s\);[\d,]+;0,6;(erreicht|verfehlt)\r\n/);
  });

  it('the Überblick tile shows the configured target', async () => {
    const html = await page('/');
    expect(tileText(html, 'calls.serviceLevel')).toContain('Servicelevel (30 s)');
    expect(tileText(html, 'calls.serviceLevel')).toContain('Ziel mindestens 60,0 %');
    expect(tileText(html, 'calls.firstContactResolution')).toContain('Ziel mindestens 65,0 %');
    expect(tileText(html, 'visits.noShowRate')).toContain('Ziel höchstens 10,0 %');
  });

  it('the Morgenbriefing draws its target line at 60 % and says so', async () => {
    const html = await page(`/morgenbriefing?datum=${until}`);
    expect(html).toContain(
      'Anteil der binnen 30 Sekunden angenommenen Anrufe je 30-Minuten-Intervall; gestrichelt das Ziel von 60 %.',
    );
    expect(html).not.toContain('Ziel von 75 %');
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: app.url }]);
      const tab = await context.newPage();
      await tab.goto(`${app.url}/morgenbriefing?datum=${until}`);
      const chart = tab.locator('figure', { hasText: '115: Servicelevel je halbe Stunde' });
      await chart.locator('[data-chart-ready]').waitFor();
      const drawn = await chart.locator('svg text').allTextContents();
      expect(drawn).toContain('Ziel 60 %');
      expect(drawn).not.toContain('Ziel 75 %');
    } finally {
      await browser?.close();
    }
  });

  it('staffing plans the 115 line for 60 % within 30 s', async () => {
    const date = addDays(until, 1);
    const res = await app.get(`/api/v1/staffing?date=${date}`);
    expect(res.status).toBe(200);
    const at60 = (await res.json()) as StaffingResult;
    const at75 = await staffing(db.reader, { date, until });
    const line115 = (r: StaffingResult) => r.assumptions.find((a) => a.startsWith('115: '));
    expect(line115(at60)).toMatch(/^115: 60 % binnen 30 s;/);
    expect(line115(at75)).toMatch(/^115: 75 % binnen 30 s;/);
    const others = (r: StaffingResult) => r.assumptions.filter((a) => !a.startsWith('115: '));
    expect(others(at60)).toEqual(others(at75));
    // The same forecast and profile; a lower target needs fewer agents in some interval, never more.
    expect(at60.forecast).toEqual(at75.forecast);
    const agents = (r: StaffingResult) => r.intervals.map((i) => i.callAgents);
    agents(at60).forEach((n, i) => expect(n).toBeLessThanOrEqual(agents(at75)[i]!));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(agents(at60))).toBeLessThan(sum(agents(at75)));
    expect(at60.intervals.map((i) => i.counterStaff)).toEqual(
      at75.intervals.map((i) => i.counterStaff),
    );
  });
});

describe('the registry', () => {
  it('holds every KPI the summary answers, with its fields and targets', async () => {
    const s = await summary(db.reader, { from, to: until });
    const answered = (['visits', 'calls', 'emails'] as const).flatMap((c) =>
      Object.keys(s[c]).map((f) => `${c}.${f}`),
    );
    expect(answered).toEqual(KPI_KEYS);
    const targets = kpiSettings().targets;
    expect(s.targets.map((t) => t.kpi)).toEqual(
      KPI_KEYS.filter((k) => kpiTarget(k, targets) !== null),
    );
    expect(new Set(KPI_KEYS.map((k) => KPIS[k].target).filter(Boolean))).toEqual(
      new Set(Object.keys(targets)),
    );
  });

  it('names each KPI apart: no two share a label, a tile label or an export label', () => {
    for (const name of ['label', 'shortLabel', 'exportLabel'] as const) {
      const labels = KPI_KEYS.map((k) => KPIS[k][name]);
      expect(new Set(labels).size, name).toBe(labels.length);
    }
  });

  it('knows every KPI key the dashboard names', () => {
    const root = join(PROJECT_ROOT, 'dashboard/src');
    const named = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.(ts|svelte)$/.test(e.name))
          for (const m of readFileSync(path, 'utf8').matchAll(
            /['"`]((?:visits|calls|emails)\.[A-Za-z0-9]+)['"`]/g,
          ))
            named.add(m[1]!);
      }
    };
    walk(root);
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((k) => !isKpiKey(k))).toEqual([]);
  });
});
