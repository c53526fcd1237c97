/**
 * End to end for Netzwerk: three demo offices (generator scale 3: Offenbach and the registry's
 * two demo offices) for two weeks through the ingest API, the built dashboard in its own
 * process, Debian's Chromium. The page shows every office with its figures and ranks, the
 * spread, the chart; it is axe-clean; a user with one site does not get it.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { chartsDrawn } from '../../dashboard/src/lib/server/pdf.ts';
import { expectAccessible } from '../support/accessibility.ts';
import { login, openSignedIn } from '../support/dashboard-session.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);
const PERIOD = `zeitraum=frei&von=${addDays(yesterday, -13)}&bis=${yesterday}`;

let office: DemoDashboard;
beforeAll(async () => {
  office = await startDemoDashboard({
    days: 14,
    seed: 11,
    scale: 3,
    users: [['leitung', 'leitung']],
  });
  addUser('nur-offenbach', 'leitung', E2E_PASSWORD, office.app.usersFile, ['offenbach']);
  addUser('zwei-standorte', 'team', E2E_PASSWORD, office.app.usersFile, [
    'offenbach',
    'buergerbuero-002',
  ]);
}, 300_000);

afterAll(() => office?.stop());

async function open(path: string): Promise<Page> {
  const page = await openSignedIn(
    office.browser,
    office.app.url,
    { name: 'leitung', password: E2E_PASSWORD },
    path,
  );
  expect(await chartsDrawn(page, 15_000)).toBe(true);
  return page;
}

describe('Netzwerk', () => {
  it('shows the offices side by side with rank and spread, and is accessible', async () => {
    const page = await open(`/netzwerk?${PERIOD}`);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Netzwerk');
    const rows = page.locator('tbody tr[data-site]');
    await expect(
      rows.evaluateAll((r) => r.map((x) => x.getAttribute('data-site'))),
    ).resolves.toEqual(['buergerbuero-002', 'buergerbuero-003', 'offenbach']);
    await expect(rows.locator('th[scope="row"]').allTextContents()).resolves.toEqual([
      'Bürgerbüro Dietzenbach (Demo)',
      'Bürgerbüro Neu-Isenburg (Demo)',
      'Bürgerbüro Offenbach am Main',
    ]);
    const text = (await rows.allTextContents()).join(' ');
    expect(text).toContain('Rang 1');
    expect(text).not.toContain('zu wenige Fälle');
    await expect(page.locator('tfoot th').allTextContents()).resolves.toEqual([
      'Minimum',
      'Median',
      'Maximum',
    ]);
    await expect(page.locator('[data-chart-ready]').count()).resolves.toBe(1);
    // Handling times per service: a row per service with a median for the offices.
    const services = page.locator('[aria-labelledby="dienstleistungen"] tbody tr');
    expect(await services.count()).toBeGreaterThan(5);
    await expect(services.first().locator('td').first().textContent()).resolves.toMatch(/min/);
    await page.screenshot({ path: join(SHOTS, 'netzwerk.png'), fullPage: true });
    await expectAccessible(page);
    await page.context().close();
  });

  it('is in the navigation for all sites only; a user with one site gets 403 for page and API', async () => {
    const page = await open('/');
    await expect(page.locator('nav a[href="/netzwerk"]').count()).resolves.toBe(1);
    await page.context().close();
    const cookie = await login(office.app.url, 'nur-offenbach', E2E_PASSWORD);
    for (const path of ['/netzwerk', `/api/v1/network?from=${yesterday}&to=${yesterday}`]) {
      const res = await fetch(office.app.url + path, { headers: { cookie }, redirect: 'manual' });
      expect(res.status, path).toBe(403);
    }
  });

  it('lets a user with two sites switch in the header, keeping the other parameters', async () => {
    const page = await openSignedIn(
      office.browser,
      office.app.url,
      { name: 'zwei-standorte', password: E2E_PASSWORD },
      '/kontaktvolumen?zeitraum=woche',
    );
    await expect(page.locator('#standort option').allTextContents()).resolves.toEqual([
      'Bürgerbüro Offenbach am Main',
      'Bürgerbüro Dietzenbach (Demo)',
    ]);
    await expect(page.locator('#standort').inputValue()).resolves.toBe('offenbach');
    await Promise.all([
      page.waitForURL(/site=buergerbuero-002/),
      page.selectOption('#standort', 'buergerbuero-002'),
    ]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/kontaktvolumen');
    expect(url.searchParams.get('zeitraum')).toBe('woche');
    await expect(page.locator('#standort').inputValue()).resolves.toBe('buergerbuero-002');
    // The navigation stays at the chosen site; Netzwerk is not in it.
    await expect(
      page.locator('nav a', { hasText: 'Überblick' }).getAttribute('href'),
    ).resolves.toBe('/?site=buergerbuero-002');
    await expect(page.locator('nav a[href^="/netzwerk"]').count()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'standortwahl.png') });
    await expectAccessible(page);
    await page.context().close();
  });

  it('exports the comparison as CSV', async () => {
    const res = await fetch(
      `${office.app.url}/api/v1/network?from=${addDays(yesterday, -13)}&to=${yesterday}&format=csv`,
      { headers: { authorization: `Bearer ${office.app.readToken}` } },
    );
    expect(res.status).toBe(200);
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('115: Servicelevel');
    expect(lines.length).toBe(4);
  });
});
