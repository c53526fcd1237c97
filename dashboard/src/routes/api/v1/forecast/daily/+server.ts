import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseInteger, parseSite } from '$lib/server/api/params.ts';
import { yesterday } from '$lib/server/period.ts';
import { SERVICE_DOMAINS } from '$domain/catalog/service-catalog.ts';
import { ParamError } from '$queries/shared/range.ts';
import { dailyForecast, MAX_HORIZON } from '$queries/forecast/forecast.query.ts';
import { CHANNELS } from '$queries/volumes/weekday-hour.query.ts';

export const GET = endpoint({
  params: async (q, wh) => {
    const channel = parseChoice(q, 'channel', CHANNELS, 'visits');
    const domainParam = q.get('domain');
    const domain = domainParam
      ? parseChoice(q, 'domain', SERVICE_DOMAINS, 'melde-pass')
      : undefined;
    if (domain && channel !== 'visits') throw new ParamError('domain', 'only with channel=visits');
    return {
      channel,
      domain,
      horizon: parseInteger(q, 'horizon', 1, MAX_HORIZON, 28),
      site: await parseSite(wh),
      until: yesterday(),
      withBacktest: q.get('backtest') === 'true',
      withRenewals: q.get('renewals') === 'true',
    };
  },
  run: dailyForecast,
  table: {
    name: 'prognose',
    rows: (r) => r.forecast,
    columns: [
      { key: 'date', header: 'Datum', kind: 'date' },
      { key: 'forecast', header: 'Prognose', kind: 'number' },
      { key: 'lower80', header: '80 % von', kind: 'number' },
      { key: 'upper80', header: '80 % bis', kind: 'number' },
      { key: 'lower95', header: '95 % von', kind: 'number' },
      { key: 'upper95', header: '95 % bis', kind: 'number' },
    ],
  },
});
