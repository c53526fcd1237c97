import { fail, redirect } from '@sveltejs/kit';
import { verifyLogin } from '$server/user-store.ts';
import { loginThrottle } from '$server/login-throttle.ts';
import { createSession, SESSION_COOKIE, SESSION_MS } from '$server/sessions.ts';
import { safeNext } from './safe-next.ts';
import type { Actions, PageServerLoad } from './$types';

const WRONG = 'Benutzername oder Passwort ist falsch.';

function waitMessage(seconds: number): string {
  return `Zu viele Fehlversuche. Bitte in ${seconds} ${seconds === 1 ? 'Sekunde' : 'Sekunden'} erneut versuchen.`;
}

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'), url.origin);
  if (locals.principal?.kind === 'user') redirect(303, next);
  return { next };
};

export const actions: Actions = {
  default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
    const form = await request.formData();
    const name = String(form.get('name') ?? '')
      .trim()
      .toLowerCase();
    const password = String(form.get('password') ?? '');
    if (!name || !password)
      return fail(400, { name, error: 'Bitte Benutzername und Passwort eingeben.' });
    // Known and unknown names take the same path through throttle and check, so the answer
    // (status, text, time) never tells whether a name exists.
    const attempt = loginThrottle.begin(getClientAddress(), name);
    if (!attempt.allowed) {
      setHeaders({ 'retry-after': String(attempt.retryAfterSeconds) });
      return fail(429, { name, error: waitMessage(attempt.retryAfterSeconds) });
    }
    let result;
    try {
      result = await verifyLogin(name, password);
    } catch (err) {
      attempt.abandoned();
      throw err;
    }
    if (!result.ok) {
      if (result.reason === 'busy') {
        attempt.abandoned();
        setHeaders({ 'retry-after': '5' });
        return fail(503, {
          name,
          error: 'Gerade melden sich sehr viele an. Bitte in 5 Sekunden erneut versuchen.',
        });
      }
      attempt.failed();
      return fail(400, { name, error: WRONG });
    }
    attempt.succeeded();
    cookies.set(
      SESSION_COOKIE,
      createSession(result.user.name, result.user.role, result.user.sites),
      {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        // url carries the configured origin (LAGEBILD_ORIGIN), so https there means https here.
        secure: url.protocol === 'https:',
        maxAge: SESSION_MS / 1000,
      },
    );
    redirect(303, safeNext(url.searchParams.get('next'), url.origin));
  },
};
