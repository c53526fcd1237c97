import { endpoint } from '$lib/server/api/respond.ts';
import { capacity } from '$queries/appointments/capacity.query.ts';
import { appointmentParams } from '../appointment-params.ts';

/** CSV and XLSX hold the half hours; JSON also the days and the failed searches per service. */
export const GET = endpoint({
  params: (q, wh) => appointmentParams(q, wh),
  run: capacity,
  table: {
    name: 'termine-gebucht-angeboten',
    rows: (r) => r.halfHours,
    columns: [
      { key: 'date', header: 'Datum', kind: 'date' },
      { key: 'time', header: 'Halbstunde ab', kind: 'text' },
      { key: 'booked', header: 'gebucht', kind: 'int' },
      { key: 'offered', header: 'angeboten', kind: 'number' },
      { key: 'planned', header: 'im Terminplan', kind: 'number' },
    ],
  },
});
