import { error } from '@sveltejs/kit';
import { CHANNELS, type Channel } from '$queries/volumes/weekday-hour.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { volumesData } from '$lib/server/pages/volumes.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url, locals }) => {
  const period = periodFromUrl(url, 'quartal', locals.site);
  const channel = (url.searchParams.get('kanal') || 'visits') as Channel;
  if (!CHANNELS.includes(channel))
    error(400, `kanal: "${channel}" ist keiner von ${CHANNELS.join(', ')}`);
  return volumesData(readerWarehouse(), { period, channel });
});
