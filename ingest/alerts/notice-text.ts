/** The German mail of an alert notice: subject and body, figures in the rule's unit. */
import type { Notice } from '../../queries/alerts/notification-files.ts';
import type { AlertRule } from './rules.ts';

const percent = (x: number) =>
  x.toLocaleString('de-DE', { style: 'percent', maximumFractionDigits: 0 });
const num = (x: number) => x.toLocaleString('de-DE', { maximumFractionDigits: 1 });

function figure(kind: AlertRule['kind'], x: number | null): string {
  if (x === null) return 'unbekannt';
  switch (kind) {
    case 'service-level':
    case 'spool-full':
      return percent(x);
    case 'wait-p90':
    case 'silent-source':
      return `${num(x)} min`;
    default:
      return num(x);
  }
}

export function noticeMail(rule: AlertRule, n: Notice): { subject: string; text: string } {
  const when = new Date(n.time).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' });
  const started = n.state === 'started';
  return {
    subject: `Lagebild-Alarm ${started ? 'ausgelöst' : 'beendet'}: ${n.rule}`,
    text: [
      `${started ? 'Ausgelöst' : 'Beendet'}: ${n.rule}`,
      `Wert: ${figure(rule.kind, n.value)} (Grenze: ${figure(rule.kind, n.limit)})`,
      `Zeit: ${when}`,
      '',
      started
        ? 'Eine weitere Nachricht folgt, sobald der Alarm endet.'
        : 'Der Wert liegt wieder innerhalb der Grenze.',
    ].join('\n'),
  };
}
