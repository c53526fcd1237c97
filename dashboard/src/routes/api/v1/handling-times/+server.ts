import { endpoint } from '$lib/server/api/respond.ts';
import { parseService, rangeScope } from '$lib/server/api/params.ts';
import { handlingTimes } from '$queries/handling-times/handling-times.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({ ...(await rangeScope(q, wh)), service: parseService(q) }),
  run: handlingTimes,
  table: {
    name: 'bearbeitungszeiten',
    rows: (r) => r,
    columns: [
      { key: 'service', header: 'Dienstleistung', kind: 'text' },
      { key: 'team', header: 'Team', kind: 'text' },
      { key: 'cases', header: 'Fälle', kind: 'int' },
      { key: 'handleP50', header: 'Bearbeitung Median (s)', kind: 'seconds' },
      { key: 'handleP75', header: 'Bearbeitung 75 % (s)', kind: 'seconds' },
      { key: 'handleP90', header: 'Bearbeitung 90 % (s)', kind: 'seconds' },
      { key: 'waitP50', header: 'Wartezeit Median (s)', kind: 'seconds' },
      { key: 'waitP90', header: 'Wartezeit 90 % (s)', kind: 'seconds' },
      { key: 'suppressed', header: 'zu wenige Fälle', kind: 'text' },
    ],
  },
});
