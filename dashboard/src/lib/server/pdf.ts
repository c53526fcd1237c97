/**
 * Prints a dashboard page to an A4 PDF with Debian's Chromium, as the person asking sees it
 * (their session cookie goes along). The page's print stylesheet decides the layout.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
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

/** The browser is not installed; its message (German) tells the reader what to install. */
export class ChromiumMissingError extends Error {
  constructor() {
    super(
      `Chromium fehlt auf dem Server (${CHROMIUM}). Installieren mit: ${CHROMIUM_INSTALL} – oder LAGEBILD_CHROMIUM auf den Browser setzen.`,
    );
  }
}

export async function pageToPdf(
  url: URL,
  cookie: { name: string; value: string },
): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await context.addCookies([{ ...cookie, url: url.origin }]);
    const page = await context.newPage();
    await page.goto(url.href, { waitUntil: 'networkidle' });
    await page.waitForSelector('[data-chart-ready]', { timeout: 10_000 }).catch(() => undefined);
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' },
    });
  } finally {
    await browser.close();
  }
}
