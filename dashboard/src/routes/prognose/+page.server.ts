import { error } from '@sveltejs/kit';
import { addDays, daysBetween, isLocalDate } from '$calendar/local-date.ts';
import { MAX_HORIZON } from '$queries/forecast/forecast.query.ts';
import { CHANNELS, type Channel } from '$queries/volumes/weekday-hour.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { yesterday } from '$lib/server/period.ts';
import { forecastData, HORIZONS } from '$lib/server/pages/forecast.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import { appointmentsOverview } from '$queries/appointments/overview.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url, locals }) => {
  const q = url.searchParams;
  const until = yesterday();
  const channel = (q.get('kanal') || 'visits') as Channel;
  if (!CHANNELS.includes(channel))
    error(400, `kanal: "${channel}" ist keiner von ${CHANNELS.join(', ')}`);
  const horizon = Number(q.get('horizont') || 91);
  if (!HORIZONS.includes(horizon)) error(400, `horizont: einer von ${HORIZONS.join(', ')} Tagen`);
  const day = q.get('tag') || addDays(until, 1);
  if (!isLocalDate(day) || day <= until || daysBetween(until, day) > MAX_HORIZON)
    error(400, `tag: ein Tag nach ${until}, höchstens ${MAX_HORIZON} Tage voraus`);
  const [forecast, appointments] = await Promise.all([
    forecastData(readerWarehouse(), {
      channel,
      horizon,
      day,
      until,
      site: locals.site,
      showRenewals: q.get('erneuerungen') === '1',
    }),
    appointmentsOverview(readerWarehouse(), { until, site: locals.site }),
  ]);
  return { ...forecast, appointments };
});
