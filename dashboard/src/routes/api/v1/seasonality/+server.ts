import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseInteger, parseSite } from '$lib/server/api/params.ts';
import { ParamError } from '$queries/shared/range.ts';
import { seasonality } from '$queries/seasonality/seasonality.query.ts';
import { CHANNELS } from '$queries/volumes/weekday-hour.query.ts';

export const GET = endpoint({
  params: async (q, wh) => {
    const from = parseInteger(q, 'fromYear', 2000, 2100);
    const to = parseInteger(q, 'toYear', 2000, 2100);
    if (from > to) throw new ParamError('fromYear', `${from} is after toYear ${to}`);
    if (to - from > 9) throw new ParamError('toYear', 'at most 10 years');
    return {
      years: Array.from({ length: to - from + 1 }, (_, i) => from + i),
      channel: parseChoice(q, 'channel', CHANNELS, 'visits'),
      site: await parseSite(q, wh),
    };
  },
  run: (wh, p) => seasonality(wh, p),
});
