/**
 * End to end: the Morgenbriefing PDF is one A4 page with everything inside the margins. The
 * page is opened exactly as the PDF route opens it (printable area, print media), the boxes
 * the browser reports are checked against the page, and the route's PDF is checked with
 * poppler (page count and size) and rendered to PNG for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { addDays } from '../../calendar/local-date.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { openForPrint, PRINT_AREA, printA4 } from '../../dashboard/src/lib/server/pdf.ts';
import { ensureDebianPackage } from '../../warehouse/debian-package.ts';
import type { TestDashboard } from '../support/dashboard-server.ts';
import { signedInContext } from '../support/dashboard-session.ts';
import { E2E_PASSWORD, startDemoDashboard, type DemoDashboard } from '../support/demo-dashboard.ts';

const SHOTS = join(PROJECT_ROOT, 'test-results/screenshots');
const yesterday = addDays(berlinDate(new Date()), -1);
/** A4 in PostScript points. */
const A4_PT = { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72 };

let office: DemoDashboard;
let app: TestDashboard;
let poppler: string;
const work = mkdtempSync(join(tmpdir(), 'lagebild-briefing-pdf-'));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  poppler = dirname(
    ensureDebianPackage({
      label: 'poppler-utils',
      binaries: ['/usr/bin/pdftoppm'],
      packages: ['poppler-utils'],
    }),
  );
  // Half a year up to yesterday: the eight-week baseline and enough history for a forecast.
  office = await startDemoDashboard({ days: 200, seed: 5, users: [['teamleitung', 'team']] });
  ({ app } = office);
}, 300_000);

afterAll(async () => {
  await office?.stop();
  rmSync(work, { recursive: true, force: true });
});

const signedIn = (): Promise<BrowserContext> =>
  signedInContext(office.browser, app.url, 'teamleitung', E2E_PASSWORD);

interface Box {
  what: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Layout {
  width: number;
  height: number;
  scrollWidth: number;
  scrollHeight: number;
  /** Every drawn element whose box leaves the printable area. */
  outside: Box[];
  charts: {
    title: string;
    figure: Box;
    canvas: Box;
    svg: Box;
    /** Chart texts (axis labels, legend, target line) whose box leaves the drawing. */
    textsOutside: string[];
    texts: string[];
  }[];
}

/** The DOM as far as `measure` uses it: it runs in the page, the root tsconfig has Node types only. */
interface PageElement {
  tagName: string;
  className: unknown;
  textContent: string | null;
  getBoundingClientRect(): Omit<Box, 'what'> & { width: number; height: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
declare const document: PageElement & {
  body: PageElement;
  documentElement: PageElement & { scrollWidth: number; scrollHeight: number };
};
declare const innerWidth: number;
declare const innerHeight: number;
declare function getComputedStyle(el: PageElement): { visibility: string };

/** Boxes as the browser reports them under print emulation, before printing. */
const measure = (): Layout => {
  const box = (el: PageElement, what = el.tagName.toLowerCase()): Box => {
    const r = el.getBoundingClientRect();
    return { what, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  };
  // Screen-reader-only text is a clipped 1 px box: nothing prints there.
  const drawn = (el: PageElement) => {
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
  };
  const inside = (b: Box, c: Box, slack = 0.5) =>
    b.left >= c.left - slack &&
    b.top >= c.top - slack &&
    b.right <= c.right + slack &&
    b.bottom <= c.bottom + slack;
  const area = { what: 'page', left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const outside = [...document.body.querySelectorAll('*')]
    .filter(drawn)
    .map((el) =>
      box(el, `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`),
    )
    .filter((b) => !inside(b, area));
  const charts = [...document.querySelectorAll('figure.chart')].map((fig) => {
    const svg = fig.querySelector('.chart__canvas svg')!;
    const texts = [...svg.querySelectorAll('text')].filter(drawn);
    return {
      title: fig.querySelector('.chart__head .kern-title')!.textContent!.trim(),
      figure: box(fig),
      canvas: box(fig.querySelector('.chart__canvas')!),
      svg: box(svg),
      textsOutside: texts.filter((t) => !inside(box(t), box(svg))).map((t) => t.textContent!),
      texts: texts.map((t) => t.textContent!),
    };
  });
  return {
    width: innerWidth,
    height: innerHeight,
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    outside,
    charts,
  };
};

function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const out = execFileSync(join(poppler, 'pdfinfo'), [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]),
    width: Number(size?.[1]),
    height: Number(size?.[2]),
  };
}

describe('Morgenbriefing PDF', () => {
  it('lays out within the printable area of one A4 page, both charts whole and at print size', async () => {
    const context = await signedIn();
    const page = await openForPrint(
      context,
      new URL(`/morgenbriefing?datum=${yesterday}`, app.url),
    );
    await expect(page.locator('h1').textContent()).resolves.toBe('Morgenbriefing');
    const layout = await page.evaluate(measure);
    expect({ width: layout.width, height: layout.height }).toEqual(PRINT_AREA);
    expect(layout.outside).toEqual([]);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PRINT_AREA.width);
    expect(layout.scrollHeight).toBeLessThanOrEqual(PRINT_AREA.height);
    expect(layout.charts.map((c) => c.title)).toEqual([
      'Wartezeit je Stunde (gestern)',
      '115: Servicelevel je halbe Stunde (gestern)',
    ]);
    for (const c of layout.charts) {
      // drawn for the paper: as wide as the page, as high as its box, every label inside
      expect(c.svg.right - c.svg.left, c.title).toBeCloseTo(c.canvas.right - c.canvas.left, 0);
      expect(c.svg.bottom - c.svg.top, c.title).toBeCloseTo(c.canvas.bottom - c.canvas.top, 0);
      expect(c.canvas.right - c.canvas.left, c.title).toBeGreaterThan(PRINT_AREA.width * 0.95);
      expect(c.textsOutside, c.title).toEqual([]);
      expect(c.texts.length, c.title).toBeGreaterThan(5);
    }
    expect(layout.charts[0]!.texts).toContain('Ziel 15 min');
    expect(layout.charts[1]!.texts.some((t) => /^Ziel \d/.test(t))).toBe(true);
    // the page is filled: the second chart ends near the bottom margin
    expect(layout.charts[1]!.figure.bottom).toBeGreaterThan(PRINT_AREA.height * 0.9);
    const pdf = join(work, 'laid-out.pdf');
    writeFileSync(pdf, await printA4(page));
    expect(pdfInfo(pdf).pages).toBe(1);
    await context.close();
  });

  it('the PDF route answers one A4 page; rendered to PNG for a look', async () => {
    const context = await signedIn();
    const res = await context.request.get(`${app.url}/morgenbriefing/pdf?datum=${yesterday}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const pdf = join(work, 'morgenbriefing.pdf');
    writeFileSync(pdf, await res.body());
    const info = pdfInfo(pdf);
    expect(info.pages).toBe(1);
    expect(info.width).toBeCloseTo(A4_PT.width, 0);
    expect(info.height).toBeCloseTo(A4_PT.height, 0);
    execFileSync(join(poppler, 'pdftoppm'), [
      '-png',
      '-r',
      '80',
      '-singlefile',
      pdf,
      join(SHOTS, 'morgenbriefing-pdf'),
    ]);
    await context.close();
  });
});
