import { error } from '@sveltejs/kit';
import { isLocalDate } from '$calendar/local-date.ts';
import { SESSION_COOKIE } from '$server/sessions.ts';
import { ChromiumMissingError, pageToPdf } from '$lib/server/pdf.ts';
import { yesterday } from '$lib/server/period.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, cookies, locals }) => {
  const date = url.searchParams.get('datum') ?? yesterday();
  if (!isLocalDate(date)) error(400, `datum: "${date}" ist kein Datum (JJJJ-MM-TT)`);
  const session = cookies.get(SESSION_COOKIE);
  if (!session) error(401, 'Nicht angemeldet');
  const target = new URL(`/morgenbriefing?datum=${date}`, url.origin);
  // The site the request hook decided; the page's own request is checked against it again.
  if (locals.site !== undefined) target.searchParams.set('site', locals.site);
  let pdf: Buffer;
  try {
    pdf = await pageToPdf(target, { name: SESSION_COOKIE, value: session });
  } catch (err) {
    console.error(`PDF des Morgenbriefings: ${(err as Error).message}`);
    const why = err instanceof ChromiumMissingError ? err.message : 'Chromium antwortet nicht.';
    error(
      503,
      `Das PDF konnte nicht erzeugt werden: ${why} Bis dahin drucken Sie die Seite über den Browser.`,
    );
  }
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="morgenbriefing-${date}.pdf"`,
    },
  });
};
