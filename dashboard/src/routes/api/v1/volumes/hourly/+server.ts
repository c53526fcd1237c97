import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { ParamError } from '$queries/shared/range.ts';
import { daysBetween } from '$calendar/local-date.ts';
import { hourlyVolumes } from '$queries/volumes/hourly-volumes.query.ts';

export const GET = endpoint({
  params: async (q, wh) => {
    const p = await rangeScope(q, wh);
    if (daysBetween(p.from, p.to) > 92)
      throw new ParamError('to', 'hourly volumes cover at most 93 days');
    return p;
  },
  run: hourlyVolumes,
  table: {
    name: 'kontakte-je-stunde',
    rows: (r) => r,
    columns: [
      { key: 'hour', header: 'Stunde (Ortszeit)', kind: 'text' },
      { key: 'visits', header: 'Kontakte vor Ort', kind: 'int' },
      { key: 'calls', header: '115-Anrufe', kind: 'int' },
      { key: 'emails', header: 'E-Mails', kind: 'int' },
    ],
  },
});
