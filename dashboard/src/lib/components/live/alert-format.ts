/** German wording of alert notices and failed deliveries, for Heute and Datenqualität. */
import { formatValue } from '$lib/format.ts';
import type { DeliveryFailure } from '$queries/alerts/notification-files.ts';

/** A value in its rule's unit (see the rule kinds in ingest/alerts/rules.ts). */
export function alertFigure(kind: string | null, x: number | null): string {
  if (x === null) return 'unbekannt';
  switch (kind) {
    case 'service-level':
    case 'spool-full':
      return formatValue(x, 'pct');
    case 'wait-p90':
    case 'silent-source':
      return formatValue(x * 60, 'duration');
    default:
      return formatValue(x, Number.isInteger(x) ? 'int' : 'decimal');
  }
}

/** "02.12., 10:15 Uhr", Berlin time, the same on the server and in the browser. */
export function berlinTime(iso: string): string {
  const t = new Date(iso).toLocaleString('de-DE', {
    timeZone: 'Europe/Berlin',
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${t} Uhr`;
}

export const FAILURE_KIND: Record<DeliveryFailure['kind'], string> = {
  alert: 'Alarm',
  briefing: 'Morgenbriefing',
};

export const CHANNEL_LABEL: Record<DeliveryFailure['channel'], string> = {
  mail: 'E-Mail',
  webhook: 'Webhook',
};
