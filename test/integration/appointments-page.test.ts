/**
 * The section "Termine und ungedeckte Nachfrage" on Prognose, on the built dashboard with
 * demo data (slot plans and failed searches included) in Debian's Chromium: it shows what the
 * read API answers for the same twelve weeks. Screenshot: test-results/screenshots/termine.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { openSignedIn } from '../support/dashboard-session.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);

let office: DemoDashboard;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  office = await startDemoDashboard({ days: 420, seed: 7, users: [['planerin', 'planung']] });
}, 400_000);

afterAll(() => office?.stop());

describe('Prognose: Termine und ungedeckte Nachfrage', () => {
  it('shows lead times, booked against offered and the lost desk hours the API answers', async () => {
    const page = await openSignedIn(
      office.browser,
      office.app.url,
      { name: 'planerin', password: E2E_PASSWORD },
      '/prognose',
    );
    const section = page.locator('[data-appointments]');
    await section.scrollIntoViewIfNeeded();
    await expect.poll(() => section.locator('[data-chart-ready]').count()).toBe(1);
    await section.screenshot({ path: join(SHOTS, 'termine.png') });

    const from = addDays(yesterday, -83);
    const res = await office.app.get(`/api/v1/appointments/no-shows?from=${from}&to=${yesterday}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { weeks: { lostHours: number }[] };
    const lost = body.weeks.reduce((s, w) => s + w.lostHours, 0);
    expect(lost).toBeGreaterThan(0);
    expect(
      Number(await section.locator('[data-lost-hours]').getAttribute('data-lost-hours')),
    ).toBeCloseTo(lost, 9);
    expect(await section.locator('[data-lead-times] tbody tr').count()).toBeGreaterThan(3);
    expect(await section.locator('[data-overbooking] tbody tr').count()).toBe(5);
    await page.close();
  });
});
