import { endpoint } from '$lib/server/api/respond.ts';
import { parseChoice, parseService, rangeScope } from '$lib/server/api/params.ts';
import { handlingTrend } from '$queries/handling-times/handling-times.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    ...(await rangeScope(q, wh)),
    service: parseService(q),
    grain: parseChoice(q, 'grain', ['week', 'month'] as const, 'week'),
  }),
  run: handlingTrend,
  table: {
    name: 'bearbeitungszeit-verlauf',
    rows: (r) => r,
    columns: [
      { key: 'period', header: 'Zeitraum ab', kind: 'date' },
      { key: 'cases', header: 'Fälle', kind: 'int' },
      { key: 'handleP50', header: 'Median (s)', kind: 'seconds' },
      { key: 'handleP90', header: '90 % (s)', kind: 'seconds' },
    ],
  },
});
