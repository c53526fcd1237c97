import { error } from '@sveltejs/kit';
import { TEAMS, type Team } from '$domain/contract/common.ts';
import { loadServiceCatalog } from '$domain/catalog/service-catalog.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { DEFAULT_SERVICE, handlingTimesData } from '$lib/server/pages/handling-times.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url, locals }) => {
  const period = periodFromUrl(url, 'quartal', locals.site);
  const q = url.searchParams;
  const team = q.get('team') || undefined;
  if (team && !TEAMS.includes(team as Team)) error(400, `team: unbekanntes Team "${team}"`);
  const service = q.get('dienstleistung') || DEFAULT_SERVICE;
  if (!loadServiceCatalog().services.some((s) => s.code === service))
    error(400, `dienstleistung: unbekannte Dienstleistung "${service}"`);
  const data = await handlingTimesData(readerWarehouse(), {
    period,
    team: team as Team | undefined,
    service,
    changeId: q.get('aenderung') ?? undefined,
  });
  // The other filters, kept when another change is chosen (the site by the form's SiteField).
  return { ...data, keep: [...q.entries()].filter(([k]) => k !== 'aenderung' && k !== 'site') };
});
