import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseSite, parseYears } from '$lib/server/api/params.ts';
import { seasonality } from '$queries/seasonality/seasonality.query.ts';
import { CHANNELS } from '$queries/volumes/weekday-hour.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    years: parseYears(q),
    channel: parseChoice(q, 'channel', CHANNELS, 'visits'),
    site: await parseSite(wh),
  }),
  run: seasonality,
});
