import { seasonality } from '$queries/seasonality/seasonality.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { yesterday } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async () => {
  const until = yesterday();
  const last = Number(until.slice(0, 4));
  const years = [last - 2, last - 1, last];
  return {
    years,
    season: await seasonality(readerWarehouse(), { years, channel: 'visits', until }),
  };
});
