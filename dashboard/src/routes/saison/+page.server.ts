import { seasonality } from '$queries/seasonality/seasonality.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { yesterday } from '$lib/server/period.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
  const until = yesterday();
  const last = Number(until.slice(0, 4));
  const years = [last - 2, last - 1, last];
  return {
    years,
    season: await seasonality(readerWarehouse(), { years, channel: 'visits', until }),
  };
};
