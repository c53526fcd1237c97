import { readerWarehouse } from '$lib/server/warehouse.ts';
import { yesterday } from '$lib/server/period.ts';
import { seasonData } from '$lib/server/pages/season.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(({ locals }) =>
  seasonData(readerWarehouse(), { until: yesterday(), site: locals.site }),
);
