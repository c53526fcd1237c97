import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { callIntervals } from '$queries/call-intervals/call-intervals.query.ts';

export const GET = endpoint({
  params: rangeScope,
  run: (wh, p) => callIntervals(wh, p),
  table: {
    name: '115-intervalle',
    rows: (r) => r as unknown as Record<string, unknown>[],
    columns: [
      { key: 'start', header: 'Intervall ab (Ortszeit)', kind: 'text' },
      { key: 'offered', header: 'angeboten', kind: 'int' },
      { key: 'answered', header: 'angenommen', kind: 'int' },
      { key: 'answeredInTarget', header: 'binnen 30 s', kind: 'int' },
      { key: 'serviceLevel', header: 'Servicelevel', kind: 'share' },
      { key: 'belowTarget', header: 'unter Ziel', kind: 'text' },
    ],
  },
});
