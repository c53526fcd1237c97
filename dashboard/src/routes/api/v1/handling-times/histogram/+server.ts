import { endpoint } from '$lib/server/api/respond.ts';
import { parseService, rangeScope } from '$lib/server/api/params.ts';
import { handlingHistogram } from '$queries/handling-times/handling-times.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({ ...(await rangeScope(q, wh)), service: parseService(q) }),
  run: handlingHistogram,
  table: {
    name: 'bearbeitungszeit-verteilung',
    rows: (r) => r,
    columns: [
      { key: 'fromMinutes', header: 'von (min)', kind: 'int' },
      { key: 'toMinutes', header: 'bis (min)', kind: 'int' },
      { key: 'cases', header: 'Fälle', kind: 'int' },
    ],
  },
});
