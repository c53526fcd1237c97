import { endpoint } from '$lib/server/api/respond.ts';
import { parseInteger } from '$lib/server/api/params.ts';
import { parseRange } from '$queries/shared/range.ts';
import { dataQuality } from '$queries/data-quality/data-quality.query.ts';

export const GET = endpoint({
  params: (q) => ({
    ...parseRange(q.get('from'), q.get('to')),
    page: parseInteger(q, 'page', 1, 1_000_000, 1),
  }),
  run: dataQuality,
  table: {
    name: 'abweisungen',
    rows: (r) => r.recentRejects,
    columns: [
      { key: 'rejectedAt', header: 'Zeitpunkt (UTC)', kind: 'text' },
      { key: 'source', header: 'Quelle', kind: 'text' },
      { key: 'file', header: 'Datei', kind: 'text' },
      { key: 'line', header: 'Zeile', kind: 'int' },
      { key: 'reason', header: 'Grund', kind: 'text' },
      { key: 'error', header: 'Fehler', kind: 'text' },
      { key: 'raw', header: 'Rohdaten', kind: 'text' },
    ],
  },
});
