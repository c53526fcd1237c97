/** Which role may open which page: the navigation shows only these, the server enforces them. */
import type { Role } from '$server/user-store.ts';

export interface PageAccess {
  path: string;
  label: string;
  roles: readonly Role[];
}

const ALL: readonly Role[] = ['leitung', 'team', 'planung', 'admin'];

export const PAGES: readonly PageAccess[] = [
  { path: '/', label: 'Überblick', roles: ALL },
  { path: '/morgenbriefing', label: 'Morgenbriefing', roles: ['team', 'leitung', 'admin'] },
  { path: '/bearbeitungszeiten', label: 'Bearbeitungszeiten', roles: ['leitung', 'team', 'admin'] },
  { path: '/kontaktvolumen', label: 'Kontaktvolumen', roles: ALL },
  { path: '/saison', label: 'Saison', roles: ALL },
  { path: '/prognose', label: 'Prognose', roles: ['planung', 'leitung', 'admin'] },
  { path: '/datenqualitaet', label: 'Datenqualität', roles: ['leitung', 'admin'] },
  { path: '/verwaltung', label: 'Verwaltung', roles: ['admin'] },
];

/** Pages anyone may open, logged in or not. */
export const PUBLIC_PATHS = ['/login', '/barrierefreiheit'];

export function pageFor(pathname: string): PageAccess | undefined {
  return [...PAGES]
    .sort((a, b) => b.path.length - a.path.length)
    .find((p) => pathname === p.path || (p.path !== '/' && pathname.startsWith(`${p.path}/`)));
}

export function mayOpen(role: Role, pathname: string): boolean {
  const page = pageFor(pathname);
  return page ? page.roles.includes(role) : true;
}
