import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { networkData } from '$lib/server/pages/network.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

// Only for users with all sites (access.ts): the comparison is of the whole network.
export const load: PageServerLoad = guarded(({ url }) =>
  networkData(readerWarehouse(), periodFromUrl(url, 'monat')),
);
