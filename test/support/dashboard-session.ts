import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Logging in to a running test dashboard as a person does: the login form, then its cookie. */
export async function login(url: string, name: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: url,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ name, password }).toString(),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !cookie)
    throw new Error(`login as ${name} failed: ${res.status} ${await res.text()}`);
  return cookie;
}

/** A browser context signed in as `name`, in German and Berlin time like the office's desks. */
export async function signedInContext(
  browser: Browser,
  url: string,
  name: string,
  password: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const cookie = await login(url, name, password);
  const eq = cookie.indexOf('=');
  const context = await browser.newContext({
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    ...options,
  });
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url }]);
  return context;
}

/** A dashboard page at desk size in a fresh signed-in context; it must answer 200. */
export async function openSignedIn(
  browser: Browser,
  url: string,
  user: { name: string; password: string },
  path: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await signedInContext(browser, url, user.name, user.password, {
    viewport: { width: 1400, height: 1000 },
    ...options,
  });
  const page = await context.newPage();
  expect((await page.goto(`${url}${path}`))?.status()).toBe(200);
  return page;
}
