import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, rangeScope } from '$lib/server/api/params.ts';
import { CHANNELS, weekdayHour } from '$queries/volumes/weekday-hour.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    ...(await rangeScope(q, wh)),
    channel: parseChoice(q, 'channel', CHANNELS, 'visits'),
  }),
  run: weekdayHour,
  table: {
    name: 'wochentag-stunde',
    rows: (r) => r,
    columns: [
      { key: 'weekday', header: 'Wochentag (1 = Montag)', kind: 'int' },
      { key: 'hour', header: 'Stunde', kind: 'int' },
      { key: 'contacts', header: 'Kontakte', kind: 'int' },
    ],
  },
});
