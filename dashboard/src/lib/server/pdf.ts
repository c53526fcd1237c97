/**
 * Prints a dashboard page to an A4 PDF with Debian's Chromium, as the person asking sees it
 * (their session cookie goes along). The page's print stylesheet decides the layout.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
// Relative, not $server: the e2e tests load this module outside SvelteKit.
import { CHROMIUM_INSTALL, chromiumPath } from '../../../server/chromium.ts';

export const CHROMIUM = chromiumPath();
/** Flags for Debian's Chromium without a sandbox or network extras (see platform notes). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The page margin on every side; the briefing's `@page` rule says the same. */
export const PAGE_MARGIN_MM = 10;
const PX_PER_MM = 96 / 25.4;
/** A4 less the margins, in CSS pixels: the box everything printed must fit in. */
export const PRINT_AREA = {
  width: Math.floor((210 - 2 * PAGE_MARGIN_MM) * PX_PER_MM),
  height: Math.floor((297 - 2 * PAGE_MARGIN_MM) * PX_PER_MM),
};

/** The browser is not installed; its message (German) tells the reader what to install. */
export class ChromiumMissingError extends Error {
  constructor() {
    super(
      `Chromium fehlt auf dem Server (${CHROMIUM}). Installieren mit: ${CHROMIUM_INSTALL} – oder LAGEBILD_CHROMIUM auf den Browser setzen.`,
    );
  }
}

/**
 * Opens `url` laid out as it will print: a viewport of the printable area and print media
 * from the start. Charts draw their SVG at the size of their box when they load; laid out
 * at screen width they would keep that width on paper and be cut at the page edge. The
 * context is light (no theme cookie goes along), so the PDF is light whatever the screen is.
 */
export async function openForPrint(context: BrowserContext, url: URL): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(PRINT_AREA);
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  await page.goto(url.href, { waitUntil: 'networkidle' });
  await chartsDrawn(page);
  await page.evaluate('document.fonts.ready');
  return page;
}

/**
 * Waits until every shown chart reports itself drawn (an empty chart is hidden and never
 * does); false after `timeoutMs`. Polled from here: the dashboard's CSP forbids the eval a
 * predicate inside the page would need.
 */
export async function chartsDrawn(page: Page, timeoutMs = 10_000): Promise<boolean> {
  const pending = page.locator(
    '.chart__canvas:not(.chart__canvas--hidden):not([data-chart-ready])',
  );
  const end = Date.now() + timeoutMs;
  while ((await pending.count()) > 0) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

/** One PDF of the page as laid out: A4 from its `@page` rule, backgrounds printed. */
export function printA4(page: Page): Promise<Buffer> {
  const margin = `${PAGE_MARGIN_MM}mm`;
  return page.pdf({
    format: 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    margin: { top: margin, bottom: margin, left: margin, right: margin },
  });
}

export async function pageToPdf(
  url: URL,
  cookie: { name: string; value: string },
): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      colorScheme: 'light',
    });
    await context.addCookies([{ ...cookie, url: url.origin }]);
    return await printA4(await openForPrint(context, url));
  } finally {
    await browser.close();
  }
}
