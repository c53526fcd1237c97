/**
 * Which sites a dashboard user or read token may see: a list of site codes, or all. Users and
 * tokens written before sites existed have no field and see all, as they did. The decision for
 * one request (decideSite) is made once, in the dashboard's request hook.
 */
import { z } from 'zod';
import { SITE_CODE } from './site-registry.ts';

export type SiteSet = 'all' | readonly string[];

export const siteSetSchema = z.union([
  z.literal('all'),
  z.array(z.string().regex(SITE_CODE)).min(1),
]);

/** `--sites offenbach,dietzenbach` or `all`; an unusable list is an error naming the entry. */
export function parseSiteList(text: string): SiteSet {
  const trimmed = text.trim();
  if (trimmed === 'all' || trimmed === 'alle') return 'all';
  const codes = trimmed
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (codes.length === 0) throw new Error('Standorte: mindestens einer, oder "all"');
  const bad = codes.find((c) => !SITE_CODE.test(c));
  if (bad !== undefined)
    throw new Error(`Standorte: "${bad}" ist kein Standortkürzel (a–z, 0–9 und "-")`);
  return [...new Set(codes)];
}

export function describeSites(sites: SiteSet): string {
  return sites === 'all' ? 'alle' : sites.join(', ');
}

export type SiteDecision =
  /** `site` undefined: all sites, the network-wide figures. */
  { ok: true; site: string | undefined } | { ok: false; status: 400 | 403; message: string };

/**
 * The site a request is answered for. `requested` is every `site` value of the query (empty
 * ones count as none). A restricted caller asking for a site outside its set is refused (403,
 * naming the site); asking for none gets its one site, or with several sites the first for a
 * page (`firstIfSeveral`) and a 400 for the API, because network-wide figures are only for
 * callers with all sites.
 */
export function decideSite(
  allowed: SiteSet,
  requested: readonly string[],
  firstIfSeveral: boolean,
): SiteDecision {
  const values = [...new Set(requested.filter((v) => v !== ''))];
  if (values.length > 1)
    return {
      ok: false,
      status: 400,
      message: `site: nur ein Standort je Abfrage, nicht ${values.join(' und ')}`,
    };
  const asked = values[0];
  if (allowed === 'all') return { ok: true, site: asked };
  if (asked !== undefined)
    return allowed.includes(asked)
      ? { ok: true, site: asked }
      : { ok: false, status: 403, message: `site: kein Zugriff auf den Standort "${asked}"` };
  if (allowed.length === 1 || firstIfSeveral) return { ok: true, site: allowed[0] };
  return {
    ok: false,
    status: 400,
    message: `site: bitte einen Standort angeben (${allowed.join(', ')}); netzweite Zahlen nur mit Zugriff auf alle Standorte`,
  };
}
