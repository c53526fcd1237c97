import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseInteger, parseSite } from '$lib/server/api/params.ts';
import { ParamError } from '$queries/shared/range.ts';
import { CHANNELS } from '$queries/volumes/weekday-hour.query.ts';
import { yearOverYear } from '$queries/volumes/year-over-year.query.ts';

export const GET = endpoint({
  params: async (q, wh) => {
    const from = parseInteger(q, 'fromYear', 2000, 2100);
    const to = parseInteger(q, 'toYear', 2000, 2100);
    if (from > to) throw new ParamError('fromYear', `${from} is after toYear ${to}`);
    if (to - from > 9) throw new ParamError('toYear', 'at most 10 years');
    const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    return {
      years,
      channel: parseChoice(q, 'channel', CHANNELS, 'visits'),
      site: await parseSite(q, wh),
    };
  },
  run: (wh, p) => yearOverYear(wh, p),
  table: {
    name: 'jahresvergleich',
    rows: (r) => r as unknown as Record<string, unknown>[],
    columns: [
      { key: 'year', header: 'Jahr', kind: 'int' },
      { key: 'week', header: 'Kalenderwoche', kind: 'int' },
      { key: 'contacts', header: 'Kontakte', kind: 'int' },
      { key: 'days', header: 'Tage', kind: 'int' },
    ],
  },
});
