/** Parameter checks shared by the endpoints: known sites, teams, services, channels. */
import { getRequestEvent } from '$app/server';
import { ParamError, parseRange, parseTeam, type DateRange } from '$queries/shared/range.ts';
import { knownSites } from '$queries/sites/known-sites.query.ts';
import { loadServiceCatalog } from '$domain/catalog/service-catalog.ts';
import type { Warehouse } from '$warehouse/client.ts';
import type { Team } from '$domain/contract/common.ts';

let sitesCache: { at: number; sites: Set<string> } | undefined;

/**
 * The request's site: the request hook decided it from `site` and the caller's sites
 * (event.locals.site), so no endpoint reads `site` itself and none can skip the check. A site
 * without data is a bad parameter.
 */
export async function parseSite(wh: Warehouse): Promise<string | undefined> {
  const { site, principal } = getRequestEvent().locals;
  if (site === undefined) return undefined;
  // A restricted caller's own site was checked by the hook and may have no data yet.
  if (principal?.sites !== 'all') return site;
  if (!sitesCache || Date.now() - sitesCache.at > 60_000)
    sitesCache = { at: Date.now(), sites: new Set(await knownSites(wh)) };
  if (!sitesCache.sites.has(site)) throw new ParamError('site', `unknown site "${site}"`);
  return site;
}

export function parseService(q: URLSearchParams, required = false): string | undefined {
  const service = q.get('service');
  if (service === null || service === '') {
    if (required) throw new ParamError('service', 'required');
    return undefined;
  }
  if (!loadServiceCatalog().services.some((s) => s.code === service))
    throw new ParamError('service', `unknown service "${service}"`);
  return service;
}

export function parseChoice<T extends string>(
  q: URLSearchParams,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = q.get(name);
  if (v === null || v === '') return fallback;
  if (!allowed.includes(v as T))
    throw new ParamError(name, `"${v}" is not one of ${allowed.join(', ')}`);
  return v as T;
}

export function parseInteger(
  q: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  const v = q.get(name);
  if (v === null || v === '') {
    if (fallback === undefined) throw new ParamError(name, 'required');
    return fallback;
  }
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new ParamError(name, `"${v}" is not a whole number from ${min} to ${max}`);
  return Number(v);
}

/** `fromYear`/`toYear`: at most ten years, in order. */
export function parseYears(q: URLSearchParams): number[] {
  const from = parseInteger(q, 'fromYear', 2000, 2100);
  const to = parseInteger(q, 'toYear', 2000, 2100);
  if (from > to) throw new ParamError('fromYear', `${from} is after toYear ${to}`);
  if (to - from > 9) throw new ParamError('toYear', 'at most 10 years');
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export async function rangeScope(
  q: URLSearchParams,
  wh: Warehouse,
): Promise<DateRange & { site?: string; team?: Team }> {
  const range = parseRange(q.get('from'), q.get('to'));
  return { ...range, site: await parseSite(wh), team: parseTeam(q.get('team')) };
}
