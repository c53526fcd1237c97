import { endpoint } from '$lib/server/api/respond.ts';
import { rangeScope } from '$lib/server/api/params.ts';
import { summary, type Summary } from '$queries/summary/summary.query.ts';

const LABELS: Record<string, string> = {
  'visits.contacts': 'Kontakte vor Ort',
  'visits.services': 'Dienstleistungen',
  'visits.waitP50': 'Wartezeit Median (s)',
  'visits.waitP90': 'Wartezeit 90. Perzentil (s)',
  'visits.handleP50': 'Bearbeitungszeit Median (s)',
  'visits.handleP90': 'Bearbeitungszeit 90. Perzentil (s)',
  'visits.waitedUnder15Share': 'Anteil Wartezeit ≤ 15 min',
  'visits.noShowRate': 'Nichterscheinen-Quote',
  'calls.offered': '115: angebotene Anrufe',
  'calls.answered': '115: angenommene Anrufe',
  'calls.serviceLevel': '115: Servicelevel (30 s)',
  'calls.abandonRate': '115: Abbruchquote',
  'calls.asaSeconds': '115: mittlere Wartezeit (s)',
  'calls.ahtSeconds': '115: mittlere Bearbeitungszeit (s)',
  'calls.firstContactResolution': '115: Erstlösungsquote',
  'emails.received': 'E-Mails eingegangen',
  'emails.answeredWithin24h': 'E-Mails: Antwort binnen 24 h',
  'emails.medianFirstResponseHours': 'E-Mails: Median erste Antwort (h)',
  'emails.backlog': 'E-Mails: offen am Ende des Zeitraums',
};

function flatten(s: Summary) {
  return Object.entries(LABELS).map(([key, label]) => {
    const [group, field] = key.split('.') as ['visits' | 'calls' | 'emails', string];
    const target = s.targets.find((t) => t.kpi === key);
    return {
      kennzahl: label,
      wert: (s[group] as unknown as Record<string, number | null>)[field] ?? null,
      ziel: target?.target ?? null,
      status: target
        ? { met: 'erreicht', missed: 'verfehlt', no_data: 'keine Daten' }[target.status]
        : '',
    };
  });
}

export const GET = endpoint({
  params: rangeScope,
  run: (wh, p) => summary(wh, p),
  table: {
    name: 'kennzahlen',
    rows: (s) => flatten(s),
    columns: [
      { key: 'kennzahl', header: 'Kennzahl', kind: 'text' },
      { key: 'wert', header: 'Wert', kind: 'number' },
      { key: 'ziel', header: 'Ziel', kind: 'number' },
      { key: 'status', header: 'Status', kind: 'text' },
    ],
  },
});
