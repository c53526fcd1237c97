import { endpoint } from '$lib/server/api/respond.ts';
import { parseSite } from '$lib/server/api/params.ts';
import { parseDate } from '$queries/shared/range.ts';
import { normalDay } from '$queries/baseline/normal-day.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    date: parseDate(q.get('date'), 'date'),
    site: await parseSite(wh),
  }),
  run: normalDay,
  table: {
    name: 'normaltag',
    rows: (r) => r.kpis,
    columns: [
      { key: 'kpi', header: 'Kennzahl', kind: 'text' },
      { key: 'value', header: 'Wert', kind: 'number' },
      { key: 'normal', header: 'Normaler Tag (Median)', kind: 'number' },
      { key: 'robustZ', header: 'Abweichung (robustes z)', kind: 'number' },
      { key: 'flag', header: 'auffällig', kind: 'text' },
    ],
  },
});
