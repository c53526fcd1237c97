import { error, json, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { cachedTokens, tokenFile, verifyToken } from '$auth/token-store.ts';
import { getSession, SESSION_COOKIE } from '$server/sessions.ts';
import { narrowestRole, routeAccess } from '$lib/access.ts';
import { decideSite, type SiteDecision } from '$domain/sites/site-access.ts';
import { describeFailure } from '$lib/server/http/failure.ts';
import { THEME_COOKIE, themeAttribute, themeChoice } from '$lib/theme-preference.ts';

const readTokens = cachedTokens(tokenFile());

function principalOf(event: RequestEvent): App.Locals['principal'] {
  const header = event.request.headers.get('authorization');
  if (header?.startsWith('Bearer ')) {
    const entry = verifyToken(header.slice(7).trim(), 'read', readTokens());
    return entry
      ? {
          kind: 'token',
          name: entry.name,
          role: entry.role ?? narrowestRole(),
          sites: entry.sites ?? 'all',
        }
      : null;
  }
  const session = getSession(event.cookies.get(SESSION_COOKIE));
  return session
    ? { kind: 'user', name: session.name, role: session.role, sites: session.sites }
    : null;
}

const NETWORK_ONLY = 'Netzweite Zahlen nur mit Zugriff auf alle Standorte.';

/**
 * The site every query of this request is for (event.locals.site), decided here once for pages,
 * form actions and API routes alike; the endpoints and pages read it, never `site` itself.
 */
function siteOf(
  principal: NonNullable<App.Locals['principal']>,
  event: RequestEvent,
  access: { kind: 'page' | 'api'; allSites: boolean },
): SiteDecision {
  if (access.allSites && principal.sites !== 'all')
    return { ok: false, status: 403, message: NETWORK_ONLY };
  return decideSite(principal.sites, event.url.searchParams.getAll('site'), access.kind === 'page');
}

/** SvelteKit answers such paths 400 itself, but only after this hook has run on them. */
function decodable(pathname: string): boolean {
  try {
    decodeURI(pathname);
    return true;
  } catch {
    return false;
  }
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The one access decision, made on the route SvelteKit resolved (event.route.id), for pages,
 * form actions, data requests and API routes alike. For a path SvelteKit cannot decode it
 * runs this hook outside its error handling, so a throw there became an unhandled rejection
 * that ended the process: such paths are answered first, with a plain 400, and only after
 * that may a refusal be thrown (to render the error page inside the layout).
 */
async function decide(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']) {
  if (!decodable(event.url.pathname)) return text(400, 'Ungültige Adresse (nicht dekodierbar).');
  const principal = principalOf(event);
  event.locals.principal = principal;
  event.locals.site = undefined;
  const access = routeAccess(event.route.id);
  switch (access.kind) {
    case 'public':
      return resolve(event);
    case 'unknown':
      // No route: SvelteKit's 404. A route missing from the access table: nobody.
      if (event.route.id === null) return resolve(event);
      console.error(`Zugriffstabelle: Route ${event.route.id} fehlt – abgewiesen`);
      return error(403, 'Diese Seite ist nicht freigegeben.');
    case 'api':
      if (!principal)
        return json(
          { error: 'missing or unknown read token' },
          { status: 401, headers: { 'www-authenticate': 'Bearer' } },
        );
      if (!access.roles.includes(principal.role))
        return json({ error: `role "${principal.role}" may not read this route` }, { status: 403 });
      {
        const site = siteOf(principal, event, access);
        if (!site.ok) return json({ error: site.message, param: 'site' }, { status: site.status });
        event.locals.site = site.site;
      }
      return resolve(event);
    case 'page':
      if (principal?.kind !== 'user') {
        const next = encodeURIComponent(event.url.pathname + event.url.search);
        return new Response(null, { status: 303, headers: { location: `/login?next=${next}` } });
      }
      if (!access.roles.includes(principal.role))
        error(403, 'Ihre Rolle darf diese Seite nicht öffnen.');
      {
        const site = siteOf(principal, event, access);
        if (!site.ok) error(site.status, site.message);
        event.locals.site = site.site;
      }
      return resolve(event);
  }
}

/**
 * Security headers are set by the node server for every answer (start-dashboard.ts). Pages
 * come in the theme chosen in the header, so the first paint is already right.
 */
export const handle: Handle = ({ event, resolve }) => {
  const theme = themeAttribute(themeChoice(event.cookies.get(THEME_COOKIE)));
  return decide(event, (e, opts) =>
    resolve(e, {
      ...opts,
      transformPageChunk: ({ html }) => html.replace('%lagebild.theme%', theme),
    }),
  );
};

/** Unexpected errors of pages: logged here, the visitor gets a German sentence, no details. */
export const handleError: HandleServerError = ({ error: err, event }) => {
  const failure = describeFailure(err);
  if (failure.status === 500)
    console.error(`Fehler auf ${event.route.id ?? event.url.pathname}:`, err);
  return { message: failure.message };
};
