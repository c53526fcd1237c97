import { endpoint } from '$lib/server/api/respond.ts';
import { leadTimes } from '$queries/appointments/lead-time.query.ts';
import { appointmentParams } from '../appointment-params.ts';

export const GET = endpoint({
  params: (q, wh) => appointmentParams(q, wh),
  run: leadTimes,
  table: {
    name: 'vorlaufzeit',
    rows: (r) => r,
    columns: [
      { key: 'week', header: 'Woche ab', kind: 'date' },
      { key: 'service', header: 'Dienstleistung', kind: 'text' },
      { key: 'appointments', header: 'Termine', kind: 'int' },
      { key: 'p50Days', header: 'Vorlaufzeit Median (Tage)', kind: 'number' },
      { key: 'p90Days', header: 'Vorlaufzeit 90 % (Tage)', kind: 'number' },
      { key: 'suppressed', header: 'zu wenige Fälle', kind: 'text' },
    ],
  },
});
