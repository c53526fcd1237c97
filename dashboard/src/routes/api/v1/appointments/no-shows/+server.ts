import { endpoint } from '$lib/server/api/respond.ts';
import { noShows } from '$queries/appointments/no-shows.query.ts';
import { appointmentParams, parseRisk } from '../appointment-params.ts';

/** CSV and XLSX hold the weeks; JSON also the no-show rate and the overbooking table. */
export const GET = endpoint({
  params: async (q, wh) => ({ ...(await appointmentParams(q, wh, ['risk'])), risk: parseRisk(q) }),
  run: noShows,
  table: {
    name: 'nichterscheinen',
    rows: (r) => r.weeks,
    columns: [
      { key: 'week', header: 'Woche ab', kind: 'date' },
      { key: 'noShows', header: 'nicht erschienen', kind: 'int' },
      { key: 'lostHours', header: 'verlorene Schalterstunden', kind: 'number' },
      { key: 'unpricedServices', header: 'Dienstleistungen ohne Zielzeit', kind: 'int' },
    ],
  },
});
