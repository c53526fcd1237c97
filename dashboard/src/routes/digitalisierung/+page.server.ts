import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { digitalisierungData } from '$lib/server/pages/digitalisierung.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url, locals }) => {
  // Only the period's end (bis) and the site count: the page shows the 24 months up to it.
  const period = periodFromUrl(url, 'jahr', locals.site);
  return digitalisierungData(readerWarehouse(), { period });
});
