import { redirect } from '@sveltejs/kit';
import { endSession, SESSION_COOKIE } from '$server/sessions.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ cookies }) => {
  endSession(cookies.get(SESSION_COOKIE));
  cookies.delete(SESSION_COOKIE, { path: '/' });
  redirect(303, '/login');
};
