/** Roster and annotations as semicolon CSV, the shape offices export from their own tools. */
import type { Annotation } from '../domain/contract/annotation.ts';
import type { RosterEntry } from '../domain/contract/roster.ts';

function cell(s: string): string {
  return /[;"\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function rosterCsvHeader(): string {
  return 'date;site;team;from;to;persons\n';
}

export function rosterCsvLine(r: RosterEntry): string {
  return [r.date, r.site, r.team, r.from, r.to, String(r.persons)].map(cell).join(';') + '\n';
}

export function annotationsCsv(list: readonly Annotation[]): string {
  const lines = list.map((a) =>
    [a.id, a.date, a.title, a.site ?? '', a.team ?? '', a.service ?? ''].map(cell).join(';'),
  );
  return ['id;date;title;site;team;service', ...lines].join('\n') + '\n';
}
