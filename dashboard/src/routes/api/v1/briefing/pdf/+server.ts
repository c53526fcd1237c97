/**
 * The Morgenbriefing as PDF for API clients (the scheduled briefing mail): the same
 * rendering as the page's "Als PDF". Chromium opens the page as a person would, so a token
 * caller gets a session of its own role and sites for that one rendering, ended right after;
 * the page is opened for the site the request hook decided (event.locals.site).
 */
import { json } from '@sveltejs/kit';
import { isLocalDate } from '$calendar/local-date.ts';
import { createSession, endSession, SESSION_COOKIE } from '$server/sessions.ts';
import { ChromiumMissingError, pageToPdf } from '$lib/server/pdf.ts';
import { yesterday } from '$lib/server/period.ts';
import type { RequestHandler } from './$types';

/** The page with the decided site, which the page's own request is checked against again. */
function briefingPage(origin: string, date: string, site: string | undefined): URL {
  const page = new URL(`/morgenbriefing?datum=${date}`, origin);
  if (site !== undefined) page.searchParams.set('site', site);
  return page;
}

export const GET: RequestHandler = async ({ url, cookies, locals }) => {
  const date = url.searchParams.get('date') ?? yesterday();
  if (!isLocalDate(date))
    return json({ error: `"${date}" is not a date (YYYY-MM-DD)`, param: 'date' }, { status: 400 });
  const format = url.searchParams.get('format');
  if (format !== null && format !== 'pdf')
    return json({ error: 'only pdf', param: 'format' }, { status: 400 });
  const principal = locals.principal!;
  const own = principal.kind === 'user' ? cookies.get(SESSION_COOKIE) : undefined;
  const session = own ?? createSession(`token:${principal.name}`, principal.role, principal.sites);
  try {
    const pdf = await pageToPdf(briefingPage(url.origin, date, locals.site), {
      name: SESSION_COOKIE,
      value: session,
    });
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="morgenbriefing-${date}.pdf"`,
      },
    });
  } catch (err) {
    console.error(`PDF des Morgenbriefings: ${(err as Error).message}`);
    const why = err instanceof ChromiumMissingError ? err.message : 'Chromium antwortet nicht.';
    return json({ error: `Das PDF konnte nicht erzeugt werden: ${why}` }, { status: 503 });
  } finally {
    if (!own) endSession(session);
  }
};
