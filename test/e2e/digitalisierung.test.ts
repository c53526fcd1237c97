/**
 * End to end for Digitalisierung on the demo: the resident parking permit went online on
 * 2025-06-02, so the demo must reach back to the process-change window before it (56 days).
 * The page shows the start, the online share chart and the verdict on counter visits; it is
 * accessible. Screenshot: test-results/screenshots/digitalisierung.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays, daysBetween } from '../../calendar/local-date.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { PARKING_ONLINE } from '../../demo/generator.ts';
import { expectAccessible } from '../support/accessibility.ts';
import { openSignedIn } from '../support/dashboard-session.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);
// From the window before the start to the end of 2025, wherever today is.
const FIRST = addDays(PARKING_ONLINE.date, -56);

let office: DemoDashboard;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  office = await startDemoDashboard({
    days: daysBetween(FIRST, yesterday),
    seed: 7,
    users: [['sachbearbeitung', 'team']],
  });
}, 600_000);

afterAll(() => office?.stop());

describe('Digitalisierung', () => {
  it('shows the parking permit online start, its online share and the verdict on counter visits', async () => {
    const page = await openSignedIn(
      office.browser,
      office.app.url,
      { name: 'sachbearbeitung', password: E2E_PASSWORD },
      '/digitalisierung?zeitraum=frei&von=2025-01-01&bis=2025-12-31',
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Digitalisierung');
    const section = page.locator('section[data-service="BEWOHNERPARK"]');
    await expect(
      section.locator('[data-online-start]').getAttribute('data-online-start'),
    ).resolves.toBe(PARKING_ONLINE.date);
    await expect(section.locator('[data-online-start]').textContent()).resolves.toContain(
      'Juni 2025',
    );
    // 35 % of the permits still come to the counter: far fewer counter visits per day.
    await expect(section.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe(
      'signifikant weniger',
    );
    await section.locator('[data-chart-ready]').waitFor({ timeout: 15_000 });
    await expectAccessible(page);
    await page.screenshot({ path: join(SHOTS, 'digitalisierung.png'), fullPage: true });

    // The share per month in the chart's table: none before June 2025, most of it after.
    await section.getByRole('button', { name: 'Tabelle' }).click();
    const cells = await section.locator('tbody tr').allTextContents();
    const row = (m: string) => cells.find((c) => c.includes(m)) ?? '';
    expect(row('05/2025')).toMatch(/2025\s*0,0\s?%$/);
    expect(row('10/2025')).toMatch(/2025\s*[5-7]\d,\d\s?%$/);

    const api = await page.request.get(
      `${office.app.url}/api/v1/online-share?from=2025-06-01&to=2025-06-30`,
    );
    expect(api.status()).toBe(200);
  });
});
