import { endpoint } from '$lib/server/api/respond.ts';
import { FIGURES, networkRows, type NetworkRow } from '$lib/server/pages/network.ts';
import { network } from '$queries/network/network.query.ts';
import { parseRange } from '$queries/shared/range.ts';
import type { Column } from '$lib/server/api/export-formats.ts';

const KIND: Record<string, Column<NetworkRow>['kind']> = {
  int: 'int',
  pct: 'share',
  duration: 'seconds',
  hours: 'number',
  decimal: 'number',
};

// Only for callers with all sites (access.ts): the hook refuses everyone else.
export const GET = endpoint({
  params: (q) => parseRange(q.get('from'), q.get('to')),
  run: network,
  table: {
    name: 'netzwerk',
    rows: networkRows,
    columns: [
      { key: 'site', header: 'Standort', kind: 'text' },
      { key: 'name', header: 'Name', kind: 'text' },
      { key: 'kind', header: 'Art', kind: 'text' },
      { key: 'residents', header: 'Einwohner', kind: 'int' },
      { key: 'records', header: 'Datensätze', kind: 'int' },
      { key: 'suppressed', header: 'zu wenige Fälle', kind: 'text' },
      ...FIGURES.map((f) => ({
        key: f.key,
        header: f.format === 'duration' ? `${f.label} (s)` : f.label,
        kind: KIND[f.format]!,
      })),
      ...FIGURES.filter((f) => f.higherIsBetter !== null).map((f) => ({
        key: `rank:${f.key}`,
        header: `Rang ${f.label}`,
        kind: 'int' as const,
      })),
    ],
  },
});
