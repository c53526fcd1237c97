import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { emailBacklog } from '$queries/email-backlog/email-backlog.query.ts';

export const GET = endpoint({
  params: rangeScope,
  run: emailBacklog,
  table: {
    name: 'email-rueckstand',
    rows: (r) => r,
    columns: [
      { key: 'date', header: 'Datum', kind: 'date' },
      { key: 'received', header: 'eingegangen', kind: 'int' },
      { key: 'closed', header: 'abgeschlossen', kind: 'int' },
      { key: 'backlog', header: 'offen am Tagesende', kind: 'int' },
    ],
  },
});
