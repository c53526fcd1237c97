/**
 * The access table: which role may open which page, and which API route shows the data of
 * which page (it has that page's roles). Navigation, the request hook and the security
 * tests all read this table; keys are SvelteKit route ids, so the decision is made on the
 * route SvelteKit resolved, never on the raw path.
 */
// Relative, not an alias: the CLI and the security tests read this table too.
import { ROLES, type Role } from '../../../domain/roles.ts';

export interface PageAccess {
  /** Route id, which for these pages is also the path. */
  path: string;
  label: string;
  roles: readonly Role[];
  /**
   * Shows figures of the whole network (or of no site at all), so only users and tokens with
   * all sites may open it and its API routes.
   */
  allSites?: true;
}

const ALL: readonly Role[] = ROLES;

export const PAGES: readonly PageAccess[] = [
  { path: '/', label: 'Überblick', roles: ALL },
  { path: '/heute', label: 'Heute', roles: ['team', 'leitung', 'admin'] },
  { path: '/morgenbriefing', label: 'Morgenbriefing', roles: ['team', 'leitung', 'admin'] },
  { path: '/bearbeitungszeiten', label: 'Bearbeitungszeiten', roles: ['leitung', 'team', 'admin'] },
  { path: '/kontaktvolumen', label: 'Kontaktvolumen', roles: ALL },
  { path: '/saison', label: 'Saison', roles: ALL },
  // Every role, like the volumes it relates the online channel to.
  { path: '/digitalisierung', label: 'Digitalisierung', roles: ALL },
  { path: '/prognose', label: 'Prognose', roles: ['planung', 'leitung', 'admin'] },
  { path: '/netzwerk', label: 'Netzwerk', roles: ['leitung', 'admin'], allSites: true },
  // Rejects and deliveries are counted per source, not per site.
  { path: '/datenqualitaet', label: 'Datenqualität', roles: ['leitung', 'admin'], allSites: true },
  // Users, tokens and annotations of every site.
  { path: '/verwaltung', label: 'Verwaltung', roles: ['admin'], allSites: true },
];

/** Routes below a page that belong to it (same roles). */
export const SUBROUTES: Readonly<Record<string, string>> = {
  '/morgenbriefing/pdf': '/morgenbriefing',
};

/** Each read-API route and the page whose data it serves. */
export const API_ROUTES: Readonly<Record<string, string>> = {
  '/api/v1/kpi/summary': '/',
  '/api/v1/volumes/daily': '/kontaktvolumen',
  '/api/v1/volumes/hourly': '/kontaktvolumen',
  '/api/v1/volumes/weekday-hour': '/kontaktvolumen',
  '/api/v1/volumes/year-over-year': '/saison',
  '/api/v1/seasonality': '/saison',
  '/api/v1/emails/backlog': '/kontaktvolumen',
  '/api/v1/online-share': '/digitalisierung',
  '/api/v1/handling-times': '/bearbeitungszeiten',
  '/api/v1/handling-times/histogram': '/bearbeitungszeiten',
  '/api/v1/handling-times/trend': '/bearbeitungszeiten',
  '/api/v1/process-change': '/bearbeitungszeiten',
  '/api/v1/baseline': '/morgenbriefing',
  '/api/v1/calls/intervals': '/morgenbriefing',
  '/api/v1/briefing/pdf': '/morgenbriefing',
  '/api/v1/forecast/daily': '/prognose',
  '/api/v1/forecast/renewals': '/prognose',
  '/api/v1/staffing': '/prognose',
  '/api/v1/staffing/backcast': '/prognose',
  '/api/v1/appointments/lead-time': '/prognose',
  '/api/v1/appointments/capacity': '/prognose',
  '/api/v1/appointments/no-shows': '/prognose',
  '/api/v1/data-quality': '/datenqualitaet',
  '/api/v1/network': '/netzwerk',
};

/** Routes anyone may open, logged in or not. */
export const PUBLIC_ROUTES: readonly string[] = ['/login', '/logout', '/barrierefreiheit'];

export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'page'; roles: readonly Role[]; allSites: boolean }
  | { kind: 'api'; roles: readonly Role[]; allSites: boolean }
  | { kind: 'unknown' };

const pageRoles = new Map(PAGES.map((p) => [p.path, p.roles]));
const pageAllSites = new Set(PAGES.filter((p) => p.allSites).map((p) => p.path));

/** What a resolved route id demands; null (no route matched) is answered 404 by SvelteKit. */
export function routeAccess(routeId: string | null): RouteAccess {
  if (routeId === null) return { kind: 'unknown' };
  if (PUBLIC_ROUTES.includes(routeId)) return { kind: 'public' };
  const apiPage = API_ROUTES[routeId];
  if (apiPage !== undefined)
    return { kind: 'api', roles: pageRoles.get(apiPage)!, allSites: pageAllSites.has(apiPage) };
  const page = SUBROUTES[routeId] ?? routeId;
  const roles = pageRoles.get(page);
  return roles ? { kind: 'page', roles, allSites: pageAllSites.has(page) } : { kind: 'unknown' };
}

/**
 * The default role of a read token: the one that may read the fewest API routes, so a
 * token made without thought opens as little as possible.
 */
export function narrowestRole(): Role {
  const reach = (r: Role) =>
    Object.values(API_ROUTES).filter((page) => pageRoles.get(page)!.includes(r)).length;
  return [...ROLES].sort((a, b) => reach(a) - reach(b))[0]!;
}
