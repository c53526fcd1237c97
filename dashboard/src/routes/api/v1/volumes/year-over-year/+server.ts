import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseSite, parseYears } from '$lib/server/api/params.ts';
import { CHANNELS } from '$queries/volumes/weekday-hour.query.ts';
import { yearOverYear } from '$queries/volumes/year-over-year.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    years: parseYears(q),
    channel: parseChoice(q, 'channel', CHANNELS, 'visits'),
    site: await parseSite(wh),
  }),
  run: yearOverYear,
  table: {
    name: 'jahresvergleich',
    rows: (r) => r,
    columns: [
      { key: 'year', header: 'Jahr', kind: 'int' },
      { key: 'week', header: 'Kalenderwoche', kind: 'int' },
      { key: 'contacts', header: 'Kontakte', kind: 'int' },
      { key: 'days', header: 'Tage', kind: 'int' },
    ],
  },
});
