/**
 * End to end: the built dashboard against a real ClickHouse with demo data, driven by
 * Debian's Chromium. Screenshots of every page go to test-results/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../calendar/local-date.ts';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import type { TestDashboard } from '../support/dashboard-server.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';
import { expectAccessible } from '../support/accessibility.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);

let office: DemoDashboard;
let app: TestDashboard;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Five months up to yesterday: the briefing's eight-week baseline and enough for a forecast.
  office = await startDemoDashboard({
    days: 150,
    seed: 7,
    users: [
      ['leitung', 'leitung'],
      ['planerin', 'planung'],
      ['admin2', 'admin'],
    ],
  });
  ({ app, browser } = office);
}, 300_000);

afterAll(() => office?.stop());

async function login(name: string, password = E2E_PASSWORD): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForLoadState('networkidle');
  return page;
}

const PAGES: ReadonlyArray<[path: string, heading: string, charts: number]> = [
  ['/', 'Überblick', 1],
  ['/morgenbriefing', 'Morgenbriefing', 2],
  ['/bearbeitungszeiten', 'Bearbeitungszeiten', 2],
  ['/kontaktvolumen', 'Kontaktvolumen', 3],
  ['/saison', 'Saison', 2],
  ['/prognose', 'Prognose und Personalbedarf', 2],
  ['/datenqualitaet', 'Datenqualität', 0],
  ['/verwaltung', 'Verwaltung', 0],
  ['/barrierefreiheit', 'Erklärung zur Barrierefreiheit', 0],
];

describe('login', () => {
  it('refuses a wrong password and lets the right one in', async () => {
    const page = await login('leitung', 'falsches-passwort');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('.kern-alert--danger').textContent()).resolves.toMatch(/falsch/);
    await page.context().close();
    const ok = await login('leitung');
    expect(new URL(ok.url()).pathname).toBe('/');
    await ok.context().close();
  });

  it('sends a visitor without session to the login page', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/kontaktvolumen`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });
});

describe('every page renders with data', () => {
  it.each(PAGES)('%s', async (path, heading, charts) => {
    const page = await login('admin2');
    const res = await page.goto(`${app.url}${path}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toBe(heading);
    if (charts > 0) {
      await page.waitForFunction(
        `document.querySelectorAll('[data-chart-ready]').length >= ${charts}`,
        undefined,
        { timeout: 15_000 },
      );
      const paths = await page.locator('[data-chart-ready] svg path').count();
      expect(paths).toBeGreaterThan(10);
    }
    await page.screenshot({
      path: join(SHOTS, `${path === '/' ? 'ueberblick' : path.slice(1)}.png`),
      fullPage: true,
    });
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('figures and filters', () => {
  it('the KPI tiles show the numbers of /api/v1/kpi/summary for the same range', async () => {
    const page = await login('leitung');
    const from = addDays(yesterday, -27);
    await page.goto(`${app.url}/?zeitraum=frei&von=${from}&bis=${yesterday}`);
    const api = (await (
      await page.request.get(`${app.url}/api/v1/kpi/summary?from=${from}&to=${yesterday}`)
    ).json()) as {
      visits: Record<string, number>;
      calls: Record<string, number>;
      emails: Record<string, number>;
    };
    for (const [kpi, value] of [
      ['visits.contacts', api.visits.contacts],
      ['visits.waitedUnder15Share', api.visits.waitedUnder15Share],
      ['calls.offered', api.calls.offered],
      ['calls.serviceLevel', api.calls.serviceLevel],
      ['emails.received', api.emails.received],
      ['emails.backlog', api.emails.backlog],
    ] as const) {
      const shown = await page
        .locator(`[data-kpi="${kpi}"] .tile__value`)
        .getAttribute('data-value');
      expect(Number(shown), kpi).toBeCloseTo(Number(value), 10);
    }
    expect(api.visits.contacts).toBeGreaterThan(1000);
    await page.context().close();
  });

  it('a filter change updates the URL and the figures; the back button restores them', async () => {
    const page = await login('leitung');
    // A month of more than one day: on the 1st, the month up to yesterday-the-1st is one day.
    const bis = yesterday.endsWith('-01') ? addDays(yesterday, -1) : yesterday;
    await page.goto(`${app.url}/?zeitraum=monat&bis=${bis}`);
    const month = await page
      .locator('[data-kpi="visits.contacts"] .tile__value')
      .getAttribute('data-value');
    await page.selectOption('#zeitraum', 'tag');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/zeitraum=tag/);
    const day = await page
      .locator('[data-kpi="visits.contacts"] .tile__value')
      .getAttribute('data-value');
    expect(Number(day)).toBeLessThan(Number(month));
    await page.goBack();
    await page.waitForURL(/zeitraum=monat/);
    const contacts = page.locator('[data-kpi="visits.contacts"] .tile__value');
    await expect.poll(() => contacts.getAttribute('data-value'), { timeout: 15_000 }).toBe(month);
    await expect(page.locator('#zeitraum').inputValue()).resolves.toBe('monat');
    await page.context().close();
  });

  it('a role without access gets 403 and does not see the page in the navigation', async () => {
    const page = await login('planerin');
    await expect(page.locator('nav a', { hasText: 'Verwaltung' }).count()).resolves.toBe(0);
    const res = await page.goto(`${app.url}/verwaltung`);
    expect(res?.status()).toBe(403);
    await expect(page.locator('[role=alert]').textContent()).resolves.toMatch(
      /Ihre Rolle darf diese Seite nicht öffnen/,
    );
    await page.context().close();
  });

  it('the morning briefing prints to a PDF', async () => {
    const page = await login('leitung');
    const res = await page.request.get(`${app.url}/morgenbriefing/pdf?datum=${yesterday}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const body = await res.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(20_000);
    await page.context().close();
  });
});
