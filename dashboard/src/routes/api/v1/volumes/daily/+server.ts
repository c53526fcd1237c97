import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { dailyVolumes } from '$queries/volumes/daily-volumes.query.ts';

export const GET = endpoint({
  params: rangeScope,
  run: dailyVolumes,
  table: {
    name: 'kontakte-je-tag',
    rows: (r) => r,
    columns: [
      { key: 'date', header: 'Datum', kind: 'date' },
      { key: 'visits', header: 'Kontakte vor Ort', kind: 'int' },
      { key: 'calls', header: '115-Anrufe', kind: 'int' },
      { key: 'emails', header: 'E-Mails', kind: 'int' },
    ],
  },
});
