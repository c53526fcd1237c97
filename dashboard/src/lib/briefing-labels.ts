/** German labels and formats of the briefing's KPIs (also used by the page). */
import type { ValueFormat } from '$lib/format.ts';

export const KPI_TEXT: Record<
  string,
  { label: string; format: ValueFormat; higherIsBetter: boolean | null }
> = {
  'visits.contacts': { label: 'Kontakte vor Ort', format: 'int', higherIsBetter: null },
  'visits.waitP50': { label: 'Wartezeit (Median)', format: 'duration', higherIsBetter: false },
  'visits.waitP90': { label: 'Wartezeit (90 % unter)', format: 'duration', higherIsBetter: false },
  'visits.handleP50': {
    label: 'Bearbeitungszeit (Median)',
    format: 'duration',
    higherIsBetter: false,
  },
  'visits.waitedUnder15Share': {
    label: 'Anteil Wartezeit ≤ 15 min',
    format: 'pct',
    higherIsBetter: true,
  },
  'visits.noShowRate': { label: 'Nicht erschienen', format: 'pct', higherIsBetter: false },
  'calls.offered': { label: '115: angebotene Anrufe', format: 'int', higherIsBetter: null },
  'calls.serviceLevel': { label: '115: Servicelevel', format: 'pct', higherIsBetter: true },
  'calls.abandonRate': { label: '115: Abbruchquote', format: 'pct', higherIsBetter: false },
  'calls.ahtSeconds': { label: '115: Bearbeitungszeit', format: 'duration', higherIsBetter: false },
  'emails.received': { label: 'E-Mails eingegangen', format: 'int', higherIsBetter: null },
  'emails.backlog': { label: 'E-Mails offen', format: 'int', higherIsBetter: false },
};
