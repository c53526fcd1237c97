import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseSite } from '$lib/server/api/params.ts';
import { cachedBackcast } from '$lib/server/pages/forecast.ts';
import { yesterday } from '$lib/server/period.ts';
import { ParamError } from '$queries/shared/range.ts';
import { STAFFING_MODELS } from '$queries/staffing/backcast.query.ts';

/**
 * The backcast always covers the eight weeks up to yesterday (that is what is cached), so a
 * parameter this route does not read is refused rather than silently ignored.
 */
const PARAMS = ['site', 'model', 'format'];

export const GET = endpoint({
  params: async (q, wh) => {
    for (const name of q.keys())
      if (!PARAMS.includes(name))
        throw new ParamError(name, `unknown parameter (allowed: ${PARAMS.join(', ')})`);
    return {
      until: yesterday(),
      site: await parseSite(wh),
      model: parseChoice(q, 'model', STAFFING_MODELS, 'erlang-a'),
    };
  },
  run: (wh, p) => cachedBackcast({ wh, ...p }),
  table: {
    name: 'personalmodell-rueckblick',
    rows: (r) => r.intervals,
    columns: [
      { key: 'start', header: 'Intervall ab', kind: 'text' },
      { key: 'channel', header: 'Kanal', kind: 'text' },
      { key: 'arrivals', header: 'Ankünfte', kind: 'int' },
      { key: 'onDuty', header: 'im Dienst', kind: 'number' },
      { key: 'ahtSeconds', header: 'Bearbeitungszeit (s)', kind: 'number' },
      { key: 'observedOver', header: 'gezählt über', kind: 'int' },
      { key: 'observed', header: 'Servicelevel beobachtet', kind: 'number' },
      { key: 'predicted', header: 'Servicelevel Modell', kind: 'number' },
    ],
  },
});
