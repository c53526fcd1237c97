/**
 * End to end: the dark theme. It follows the system setting, the header's switch overrides it
 * and is remembered (the server renders the chosen theme, so the first paint is right), the
 * charts redraw in the page's colours without a reload, axe finds nothing serious in dark
 * pages, and the Morgenbriefing PDF stays light.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { chartsDrawn as drawn } from '../../dashboard/src/lib/server/pdf.ts';
import { THEME_COOKIE } from '../../dashboard/src/lib/theme-preference.ts';
import { ensureDebianPackage } from '../../warehouse/debian-package.ts';
import type { TestDashboard } from '../support/dashboard-server.ts';
import { openSignedIn } from '../support/dashboard-session.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';
import { expectAccessible } from '../support/accessibility.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);

let office: DemoDashboard;
let app: TestDashboard;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  office = await startDemoDashboard({ days: 120, seed: 3, users: [['leitung', 'leitung']] });
  ({ app } = office);
}, 300_000);

afterAll(() => office?.stop());

async function open(path: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const user = { name: 'leitung', password: E2E_PASSWORD };
  const page = await openSignedIn(office.browser, app.url, user, path, { colorScheme });
  await chartsDrawn(page);
  return page;
}

async function chartsDrawn(page: Page): Promise<void> {
  expect(await drawn(page, 15_000)).toBe(true);
  expect(await page.locator('[data-chart-ready]').count()).toBeGreaterThan(0);
}

/** Lightness 0–100 of a computed colour (Chromium reports KERN's colours as lab()). */
function lightness(css: string): number {
  const lab = /^lab\(([\d.]+)/.exec(css);
  if (lab) return Number(lab[1]);
  const rgb = /^rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (rgb) return ((Number(rgb[1]) + Number(rgb[2]) + Number(rgb[3])) / 3 / 255) * 100;
  throw new Error(`unexpected colour ${css}`);
}

const bodyColors = (page: Page) =>
  page.evaluate(
    `(() => { const s = getComputedStyle(document.body); return { color: s.color, background: s.backgroundColor }; })()`,
  ) as Promise<{ color: string; background: string }>;

/** The computed fills of the first chart's texts (legend in the page's text colour). */
const chartTextFills = (page: Page) =>
  page.evaluate(
    `[...document.querySelectorAll('[data-chart-ready] svg text')].map((t) => getComputedStyle(t).fill)`,
  ) as Promise<string[]>;

describe('dark mode', () => {
  it('follows the system setting; overview and a chart page are dark and axe-clean', async () => {
    const page = await open('/', 'dark');
    await expect(page.locator('#darstellung').inputValue()).resolves.toBe('system');
    await expect(page.locator('html').getAttribute('data-kern-theme')).resolves.toBeNull();
    const dark = await bodyColors(page);
    expect(lightness(dark.background)).toBeLessThan(10);
    expect(lightness(dark.color)).toBeGreaterThan(90);
    expect(await chartTextFills(page)).toContain(dark.color);
    await page.screenshot({ path: join(SHOTS, 'dunkel-uebersicht.png'), fullPage: true });
    await expectAccessible(page);
    await page.goto(`${app.url}/kontaktvolumen`);
    await chartsDrawn(page);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Kontaktvolumen');
    expect(lightness((await bodyColors(page)).background)).toBeLessThan(10);
    expect(await chartTextFills(page)).toContain(dark.color);
    await page.screenshot({ path: join(SHOTS, 'dunkel-kontaktvolumen.png'), fullPage: true });
    await expectAccessible(page);
    await page.context().close();
  });

  it('the switch turns the page and its charts dark without a reload and is remembered', async () => {
    const page = await open('/', 'light');
    const light = await bodyColors(page);
    expect(await chartTextFills(page)).toContain(light.color);
    await page.evaluate('window.notReloaded = 1');
    await page.selectOption('#darstellung', 'dark');
    await expect(page.locator('html').getAttribute('data-kern-theme')).resolves.toBe('dark');
    const dark = await bodyColors(page);
    expect(dark.color).not.toBe(light.color);
    await expect.poll(() => chartTextFills(page), { timeout: 5_000 }).toContain(dark.color);
    await expect(page.evaluate('window.notReloaded')).resolves.toBe(1);
    const cookies = await page.context().cookies(app.url);
    expect(cookies.find((c) => c.name === THEME_COOKIE)?.value).toBe('dark');
    // the server sends the chosen theme in the first bytes: no light flash before scripts run
    const html = await (await page.context().request.get(`${app.url}/kontaktvolumen`)).text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="de"\s+data-kern-theme="dark">/);
    await page.goto(`${app.url}/kontaktvolumen`);
    await chartsDrawn(page);
    await expect(page.locator('#darstellung').inputValue()).resolves.toBe('dark');
    await expectAccessible(page);
    // back to the system setting (light here): the attribute and the cookie go
    await page.selectOption('#darstellung', 'system');
    await expect(page.locator('html').getAttribute('data-kern-theme')).resolves.toBeNull();
    expect((await bodyColors(page)).color).toBe(light.color);
    const left = await page.context().cookies(app.url);
    expect(left.find((c) => c.name === THEME_COOKIE)).toBeUndefined();
    await page.context().close();
  });

  it('"Hell" overrides a dark system setting', async () => {
    const page = await open('/', 'dark');
    await page.selectOption('#darstellung', 'light');
    expect(lightness((await bodyColors(page)).background)).toBeGreaterThan(95);
    await page.reload();
    await expect(page.locator('html').getAttribute('data-kern-theme')).resolves.toBe('light');
    expect(lightness((await bodyColors(page)).background)).toBeGreaterThan(95);
    await page.context().close();
  });

  it('the Morgenbriefing PDF stays light when the screen is dark', async () => {
    const poppler = ensureDebianPackage({
      label: 'poppler-utils',
      binaries: ['/usr/bin/pdftoppm'],
      packages: ['poppler-utils'],
    });
    const page = await open('/', 'dark');
    await page.selectOption('#darstellung', 'dark');
    const res = await page
      .context()
      .request.get(`${app.url}/morgenbriefing/pdf?datum=${yesterday}`);
    expect(res.status()).toBe(200);
    // a small greyscale rendering to stdout (PGM: header, then one byte per pixel)
    const pgm = execFileSync(poppler, ['-gray', '-r', '20', '-singlefile', '-'], {
      input: await res.body(),
    });
    const header = /^P5\s+\d+\s+\d+\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    const mean = pixels.reduce((sum, p) => sum + p, 0) / pixels.length;
    expect(mean).toBeGreaterThan(200);
    await page.context().close();
  });
});
