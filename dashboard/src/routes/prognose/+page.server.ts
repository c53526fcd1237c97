import { error } from '@sveltejs/kit';
import { addDays, daysBetween, isLocalDate } from '$calendar/local-date.ts';
import { dailyForecast, MAX_HORIZON } from '$queries/forecast/forecast.query.ts';
import { staffing } from '$queries/staffing/staffing.query.ts';
import { renewalWaves } from '$queries/forecast/renewal-waves.query.ts';
import { CHANNELS, type Channel } from '$queries/volumes/weekday-hour.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { yesterday } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

const HORIZONS = [7, 28, 91, 182];

export const load: PageServerLoad = guarded(async ({ url }) => {
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
  const wh = readerWarehouse();
  const showRenewals = q.get('erneuerungen') === '1';
  const [forecast, staff, renewals] = await Promise.all([
    dailyForecast(wh, { channel, horizon, until, withBacktest: true }),
    staffing(wh, { date: day, until }),
    showRenewals
      ? renewalWaves(wh, { from: addDays(until, 1), months: 12 })
      : Promise.resolve(null),
  ]);
  return { channel, horizon, horizons: HORIZONS, day, until, forecast, staff, renewals };
});
