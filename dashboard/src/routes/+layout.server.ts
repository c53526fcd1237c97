import { PAGES } from '$lib/access.ts';
import { ROLE_LABELS } from '$domain/roles.ts';
import { loadSiteRegistry, siteName } from '$domain/sites/site-registry.ts';
import { knownSites } from '$queries/sites/known-sites.query.ts';
import { memoize } from '$lib/server/memo.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { THEME_COOKIE, themeChoice } from '$lib/theme-preference.ts';
import type { LayoutServerLoad } from './$types';

/** The sites with data, for the picker of users with all sites: asked at most once a minute. */
const sitesWithData = memoize(
  () => knownSites(readerWarehouse()),
  () => 'sites',
  60_000,
);

/**
 * The sites of the picker for users with all sites: those with data; while ClickHouse cannot
 * answer, the registered ones, so the page below can still say what is wrong.
 */
async function networkSites(registered: readonly { code: string }[]): Promise<string[]> {
  try {
    return await sitesWithData(undefined);
  } catch {
    return registered.map((s) => s.code);
  }
}

export const load: LayoutServerLoad = async ({ locals, cookies }) => {
  const theme = themeChoice(cookies.get(THEME_COOKIE));
  const p = locals.principal;
  if (!p || p.kind !== 'user') return { user: null, nav: [], theme, sitePicker: null };
  const role = p.role;
  const all = p.sites === 'all';
  const registry = loadSiteRegistry();
  const codes = p.sites === 'all' ? await networkSites(registry.sites) : p.sites;
  // One site of one's own needs no choice; the whole network is a choice only with all sites.
  const options = [
    ...(all ? [{ value: '', label: 'Alle Standorte' }] : []),
    ...codes.map((code) => ({ value: code, label: siteName(registry, code) })),
  ];
  return {
    theme,
    user: { name: p.name, role, roleLabel: ROLE_LABELS[role] },
    nav: PAGES.filter((page) => page.roles.includes(role) && (all || !page.allSites)).map(
      ({ path, label }) => ({ path, label }),
    ),
    sitePicker: options.length > 1 ? { current: locals.site ?? '', options } : null,
  };
};
