import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { overviewData } from '$lib/server/pages/overview.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(({ url, locals }) =>
  overviewData(readerWarehouse(), periodFromUrl(url, 'monat', locals.site)),
);
