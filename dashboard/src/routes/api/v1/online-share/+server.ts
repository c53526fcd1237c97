import { endpoint } from '$lib/server/api/respond.ts';
import { onlineShare } from '$queries/online/online-share.query.ts';
import { appointmentParams } from '../appointments/appointment-params.ts';

/**
 * The appointment routes' parameters (from, to, site, service, format; nothing else), so site
 * access covers this route the same way. CSV and XLSX hold the months; JSON also the starts.
 */
export const GET = endpoint({
  params: (q, wh) => appointmentParams(q, wh),
  run: onlineShare,
  table: {
    name: 'onlineanteil',
    rows: (r) => r.rows,
    columns: [
      { key: 'month', header: 'Monat ab', kind: 'date' },
      { key: 'service', header: 'Dienstleistung', kind: 'text' },
      { key: 'online', header: 'online abgeschlossen', kind: 'int' },
      { key: 'aborted', header: 'online abgebrochen', kind: 'int' },
      { key: 'counter', header: 'am Schalter abgeschlossen', kind: 'int' },
      { key: 'share', header: 'Onlineanteil', kind: 'share' },
    ],
  },
});
