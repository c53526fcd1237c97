import { error, json, redirect, type Handle } from '@sveltejs/kit';
import { cachedTokens, tokenFile, verifyToken } from '$ingest/auth/token-store.ts';
import { getSession, SESSION_COOKIE } from '$server/sessions.ts';
import { mayOpen, PUBLIC_PATHS } from '$lib/access.ts';

const readTokens = cachedTokens(tokenFile());

/**
 * Who is asking: a bearer read token (API clients) or a session cookie (people). Every API
 * route needs one of them; every page a session whose role may open it (else 403).
 */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.principal = null;
  const header = event.request.headers.get('authorization');
  if (header?.startsWith('Bearer ')) {
    const entry = verifyToken(header.slice(7).trim(), 'read', readTokens());
    if (entry) event.locals.principal = { kind: 'token', name: entry.name, role: 'api' };
  } else {
    const session = getSession(event.cookies.get(SESSION_COOKIE));
    if (session) event.locals.principal = { kind: 'user', name: session.name, role: session.role };
  }
  const path = event.url.pathname;
  const principal = event.locals.principal;
  if (path.startsWith('/api/')) {
    if (!principal)
      return json(
        { error: 'missing or unknown read token' },
        { status: 401, headers: { 'www-authenticate': 'Bearer' } },
      );
    return resolve(event);
  }
  if (PUBLIC_PATHS.includes(path) || path.startsWith('/_app/') || path === '/favicon.svg')
    return resolve(event);
  if (!principal || principal.kind !== 'user')
    redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
  if (!mayOpen(principal.role as never, path))
    error(403, 'Ihre Rolle darf diese Seite nicht öffnen.');
  return resolve(event);
};
