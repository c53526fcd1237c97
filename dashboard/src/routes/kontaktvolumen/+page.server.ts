import { error } from '@sveltejs/kit';
import { dailyVolumes } from '$queries/volumes/daily-volumes.query.ts';
import { CHANNELS, weekdayHour, type Channel } from '$queries/volumes/weekday-hour.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url }) => {
  const period = periodFromUrl(url, 'quartal');
  const channel = (url.searchParams.get('kanal') || 'visits') as Channel;
  if (!CHANNELS.includes(channel))
    error(400, `kanal: "${channel}" ist keiner von ${CHANNELS.join(', ')}`);
  const year = Number(period.to.slice(0, 4));
  const wh = readerWarehouse();
  const [daily, year_, heat] = await Promise.all([
    dailyVolumes(wh, period),
    dailyVolumes(wh, { from: `${year}-01-01`, to: `${year}-12-31` }),
    weekdayHour(wh, { ...period, channel }),
  ]);
  return { period, channel, daily, year, yearDays: year_, heat };
});
