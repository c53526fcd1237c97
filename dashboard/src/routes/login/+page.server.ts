import { fail, redirect } from '@sveltejs/kit';
import { verifyLogin } from '$server/user-store.ts';
import { createSession, SESSION_COOKIE, SESSION_MS } from '$server/sessions.ts';
import type { Actions, PageServerLoad } from './$types';

function safeNext(next: string | null): string {
  // Only local paths: never send a user on to another site after login.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.principal?.kind === 'user') redirect(303, safeNext(url.searchParams.get('next')));
  return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const name = String(form.get('name') ?? '')
      .trim()
      .toLowerCase();
    const password = String(form.get('password') ?? '');
    if (!name || !password)
      return fail(400, { name, error: 'Bitte Benutzername und Passwort eingeben.' });
    const result = verifyLogin(name, password);
    if (!result.ok) {
      const error =
        result.reason === 'locked'
          ? `Zu viele Fehlversuche: Das Konto ist bis ${new Date(result.lockedUntil!).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' })} Uhr gesperrt.`
          : 'Benutzername oder Passwort ist falsch.';
      return fail(result.reason === 'locked' ? 429 : 400, { name, error });
    }
    cookies.set(SESSION_COOKIE, createSession(result.user.name, result.user.role), {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: url.protocol === 'https:',
      maxAge: SESSION_MS / 1000,
    });
    redirect(303, safeNext(url.searchParams.get('next')));
  },
};
