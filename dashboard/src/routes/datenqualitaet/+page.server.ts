import { error } from '@sveltejs/kit';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { dataQualityData } from '$lib/server/pages/data-quality.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url }) => {
  const period = periodFromUrl(url, 'monat');
  const pageParam = url.searchParams.get('seite') ?? '1';
  if (!/^[1-9]\d{0,5}$/.test(pageParam)) error(400, `seite: "${pageParam}" ist keine Seitenzahl`);
  return dataQualityData(readerWarehouse(), { period, page: Number(pageParam) });
});
