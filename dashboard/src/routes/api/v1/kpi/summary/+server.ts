import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { summary, type Summary } from '$queries/summary/summary.query.ts';
import { KPI_KEYS, KPIS, kpiValue } from '$queries/kpis/definitions.ts';

const STATUS = { met: 'erreicht', missed: 'verfehlt', no_data: 'keine Daten' } as const;

/** One export row per KPI of the registry, in its order. */
function flatten(s: Summary) {
  return KPI_KEYS.map((key) => {
    const target = s.targets.find((t) => t.kpi === key);
    return {
      kennzahl: KPIS[key].exportLabel,
      wert: kpiValue(s, key),
      ziel: target?.target ?? null,
      status: target ? STATUS[target.status] : '',
    };
  });
}

export const GET = endpoint({
  params: rangeScope,
  run: summary,
  table: {
    name: 'kennzahlen',
    rows: flatten,
    columns: [
      { key: 'kennzahl', header: 'Kennzahl', kind: 'text' },
      { key: 'wert', header: 'Wert', kind: 'number' },
      { key: 'ziel', header: 'Ziel', kind: 'number' },
      { key: 'status', header: 'Status', kind: 'text' },
    ],
  },
});
