/**
 * End to end for Prognose: the built dashboard on a real ClickHouse with 500 days of demo
 * data up to yesterday (the forecast's intervals and backtest need more than a year), in Debian's Chromium. The backcast section shows the figures the read
 * API answers; the forecast chart draws its intervals as bands over open days only; the
 * staffing text says what the roster counts. Screenshot: test-results/screenshots/prognose.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isWorkingDay } from '../../calendar/working-days.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
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
  office = await startDemoDashboard({ days: 500, seed: 7, users: [['planerin', 'planung']] });
  ({ app } = office);
}, 300_000);

afterAll(() => office?.stop());

const open = (path: string): Promise<Page> =>
  openSignedIn(office.browser, app.url, { name: 'planerin', password: E2E_PASSWORD }, path);

const points = (v: number) =>
  `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}\u00a0Pp.`;

/** Area in px² of an SVG path of straight segments (M … L … Z), by the shoelace formula. */
function polygonArea(d: string): number {
  const xy = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  let twice = 0;
  for (let i = 0; i < xy.length; i++) {
    const [x1, y1] = xy[i]!;
    const [x2, y2] = xy[(i + 1) % xy.length]!;
    twice += x1! * y2! - x2! * y1!;
  }
  return Math.abs(twice) / 2;
}

/** The days of the forecast chart, read from its table view (dd.MM.yyyy). */
async function chartDays(page: Page): Promise<LocalDate[]> {
  const chart = page.locator('[data-forecast-chart]');
  await chart.getByRole('button', { name: 'Tabelle' }).click();
  const cells = await chart.locator('tbody tr td:first-child').allTextContents();
  await chart.getByRole('button', { name: 'Diagramm' }).click();
  return cells.map((c) => {
    const [d, m, y] = c.trim().split('.');
    return `${y}-${m}-${d}` as LocalDate;
  });
}

describe('Prognose', () => {
  it('shows the backcast the API answers, the bands over open days, and is accessible', async () => {
    const page = await open('/prognose');
    await expect(page.locator('h1').textContent()).resolves.toBe('Prognose und Personalbedarf');

    const api = async (query: string) => {
      const res = await page.request.get(`${app.url}/api/v1/staffing/backcast${query}`);
      expect(res.status()).toBe(200);
      return (await res.json()) as Record<
        'calls' | 'counters',
        { maePoints: number; intervals: number }
      >;
    };
    const [model, reference] = await Promise.all([api(''), api('?model=erlang-c')]);
    for (const channel of ['calls', 'counters'] as const) {
      const row = page.locator(`[data-backcast-channel="${channel}"]`);
      expect(model[channel].intervals).toBeGreaterThan(100);
      await expect(row.locator('[data-mae]').getAttribute('data-mae')).resolves.toBe(
        String(model[channel].maePoints),
      );
      await expect(row.locator('[data-mae]').textContent()).resolves.toContain(
        points(model[channel].maePoints),
      );
      await expect(row.locator('[data-reference-mae]').textContent()).resolves.toContain(
        points(reference[channel].maePoints),
      );
    }
    const verdict = await page
      .locator('[data-backcast-verdict]')
      .getAttribute('data-backcast-verdict');
    const within = model.calls.maePoints <= 5 && model.counters.maePoints <= 5;
    expect(verdict).toBe(within ? 'met' : 'missed');
    console.log(
      `backcast on demo data: 115 ${model.calls.maePoints.toFixed(2)} pp (${model.calls.intervals} intervals), counters ${model.counters.maePoints.toFixed(2)} pp (${model.counters.intervals}); Erlang C ${reference.calls.maePoints.toFixed(2)} / ${reference.counters.maePoints.toFixed(2)} pp`,
    );

    // The roster counts people on duty: no shrinkage on top, and the text says so.
    await expect(
      page.locator('[data-roster-means]').getAttribute('data-roster-means'),
    ).resolves.toBe('on-duty');
    const staffing = await page.locator('section[aria-labelledby="bedarf"]').textContent();
    expect(staffing).toContain('kein Ausfallzuschlag');
    expect(staffing).not.toContain('mit Ausfallzeiten');

    const chart = page.locator('[data-forecast-chart]');
    await chart.locator('[data-chart-ready]').waitFor({ timeout: 15_000 });
    const legend = await chart.locator('svg text').allTextContents();
    expect(legend).toEqual(
      expect.arrayContaining(['Ist', 'Prognose', '80-%-Intervall', '95-%-Intervall']),
    );
    // The two bands are translucent areas of real width (not the legend's icons, which are moved into place).
    const areas = await chart
      .locator('svg path[fill-opacity]:not([transform])')
      .evaluateAll((ps) =>
        ps
          .filter((p) => Number(p.getAttribute('fill-opacity')) < 0.5)
          .map((p) => p.getAttribute('d') ?? ''),
      );
    expect(areas.map(polygonArea).filter((a) => a > 2000)).toHaveLength(2);
    await page.screenshot({ path: join(SHOTS, 'prognose.png'), fullPage: true });
    await chart.screenshot({ path: join(SHOTS, 'prognose-chart.png') });
    await page
      .locator('[data-backcast]')
      .screenshot({ path: join(SHOTS, 'prognose-backcast.png') });
    // Visits: weekends and holidays are closed, forecast as 0, and left out.
    const days = await chartDays(page);
    expect(days.length).toBeGreaterThan(60);
    expect(days.filter((d) => !isWorkingDay(d))).toEqual([]);
    let firstOpen = addDays(yesterday, 1);
    while (!isWorkingDay(firstOpen)) firstOpen = addDays(firstOpen, 1);
    expect(days).toContain(firstOpen);

    await expectAccessible(page);
    await page.context().close();
  }, 120_000);

  it('keeps every day for emails, whose mailbox is always open', async () => {
    const page = await open('/prognose?kanal=emails&horizont=28');
    await page.locator('[data-forecast-chart] [data-chart-ready]').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'prognose-emails.png'), fullPage: true });
    const days = await chartDays(page);
    expect(days.some((d) => !isWorkingDay(d))).toBe(true);
    expect(days.at(-1)).toBe(addDays(yesterday, 28));
    await page.context().close();
  }, 60_000);

  it('shows the renewal waves from the demo issuances: chart and table per document, the API agrees', async () => {
    const page = await open('/prognose?erneuerungen=1');
    const section = page.locator('[data-renewals]');
    await section.locator('[data-chart-ready]').waitFor({ timeout: 15_000 });
    const res = await page.request.get(`${app.url}/api/v1/forecast/renewals?months=12`);
    const months = (await res.json()) as {
      month: string;
      byDocument: { document: string; expectedRenewals: number | null }[];
    }[];
    expect(months).toHaveLength(12);
    const format = (v: number) =>
      new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 }).format(v);
    for (const m of months) {
      const row = section.locator(`[data-renewal-month="${m.month}"]`);
      for (const d of m.byDocument) {
        const cell = (await row.locator(`[data-document="${d.document}"]`).textContent())!.trim();
        expect(cell).toBe(d.expectedRenewals === null ? 'unbekannt' : format(d.expectedRenewals));
      }
      // Ten years of demo issuances: Personalausweis and Reisepass known, the 15-year licences not.
      expect(m.byDocument.map((d) => d.expectedRenewals === null)).toEqual([false, false, true]);
    }
    const legend = await section.locator('svg text').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['Personalausweis', 'Reisepass']));
    // Ticked, the visits forecast also takes them as a regressor, and says so.
    await expect(
      page.locator('section[aria-labelledby="treffsicherheit"]').textContent(),
    ).resolves.toContain('erwarteten Erneuerungen von Ausweisen und Pässen');
    await section.screenshot({ path: join(SHOTS, 'prognose-erneuerungen.png') });
    await page.screenshot({ path: join(SHOTS, 'prognose-mit-erneuerungen.png'), fullPage: true });
    await expectAccessible(page);
    await page.context().close();
  }, 60_000);
});
