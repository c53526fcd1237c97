/**
 * Login sessions, held in the dashboard process: a random id in an httpOnly, SameSite cookie
 * maps to the user. A restart logs everyone out, which is acceptable for an office tool.
 */
import { randomBytes } from 'node:crypto';
import type { SiteSet } from '../../domain/sites/site-access.ts';
import type { Role } from './user-store.ts';

export const SESSION_COOKIE = 'lagebild_session';
export const SESSION_MS = 10 * 60 * 60_000;

interface Session {
  name: string;
  role: Role;
  sites: SiteSet;
  expires: number;
}

const sessions = new Map<string, Session>();

export function createSession(name: string, role: Role, sites: SiteSet): string {
  const id = randomBytes(32).toString('base64url');
  sessions.set(id, { name, role, sites, expires: Date.now() + SESSION_MS });
  return id;
}

export function getSession(id: string | undefined): Session | null {
  if (!id) return null;
  const s = sessions.get(id);
  if (!s) return null;
  if (s.expires < Date.now()) {
    sessions.delete(id);
    return null;
  }
  return s;
}

export function endSession(id: string | undefined): void {
  if (id) sessions.delete(id);
}

/** A removed user or changed role or sites take effect at once. */
export function endSessionsOf(name: string): void {
  for (const [id, s] of sessions) if (s.name === name) sessions.delete(id);
}
