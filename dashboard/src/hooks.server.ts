import { json, type Handle } from '@sveltejs/kit';
import { cachedTokens, tokenFile, verifyToken } from '$ingest/auth/token-store.ts';

const readTokens = cachedTokens(tokenFile());

/** Every /api route needs a read token (or, from the dashboard, a session: see lib/server/auth). */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.principal = null;
  const header = event.request.headers.get('authorization');
  if (header?.startsWith('Bearer ')) {
    const entry = verifyToken(header.slice(7).trim(), 'read', readTokens());
    if (entry) event.locals.principal = { kind: 'token', name: entry.name, role: 'api' };
  }
  if (event.url.pathname.startsWith('/api/') && !event.locals.principal) {
    return json(
      { error: 'missing or unknown read token' },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  }
  return resolve(event);
};
