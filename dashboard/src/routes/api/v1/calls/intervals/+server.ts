import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { callIntervals } from '$queries/call-intervals/call-intervals.query.ts';
import { KPIS, THRESHOLDS } from '$queries/kpis/definitions.ts';

export const GET = endpoint({
  params: rangeScope,
  run: callIntervals,
  table: {
    name: '115-intervalle',
    rows: (r) => r,
    columns: [
      { key: 'start', header: 'Intervall ab (Ortszeit)', kind: 'text' },
      { key: 'offered', header: KPIS['calls.offered'].shortLabel, kind: 'int' },
      { key: 'answered', header: KPIS['calls.answered'].shortLabel, kind: 'int' },
      {
        key: 'answeredInTarget',
        header: `binnen ${THRESHOLDS.callAnswerSeconds} s`,
        kind: 'int',
      },
      { key: 'serviceLevel', header: KPIS['calls.serviceLevel'].shortLabel, kind: 'share' },
      { key: 'belowTarget', header: 'unter Ziel', kind: 'text' },
    ],
  },
});
