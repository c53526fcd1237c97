import { endpoint } from '$lib/server/api/respond.ts';
import { parseInteger, parseSite } from '$lib/server/api/params.ts';
import { yesterday } from '$lib/server/period.ts';
import { addDays } from '$calendar/local-date.ts';
import { renewalWaves } from '$queries/forecast/renewal-waves.query.ts';

export const GET = endpoint({
  params: async (q, wh) => ({
    from: addDays(yesterday(), 1),
    months: parseInteger(q, 'months', 1, 36, 12),
    site: await parseSite(wh),
  }),
  run: renewalWaves,
  table: {
    name: 'erneuerungswellen',
    rows: (r) => r.map((m) => ({ month: m.month, expectedRenewals: m.expectedRenewals })),
    columns: [
      { key: 'month', header: 'Monat', kind: 'date' },
      { key: 'expectedRenewals', header: 'erwartete Erneuerungen', kind: 'number' },
    ],
  },
});
