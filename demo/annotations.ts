import type { LocalDate } from '../calendar/local-date.ts';
import type { Annotation } from '../domain/contract/annotation.ts';
import type { Team } from '../domain/contract/common.ts';

/**
 * The one process change of the demo, in force at every site: citizens enter their data
 * online before the ID appointment, so the counter only checks and signs. From `date` on
 * the median handling time of `service` is multiplied by `handlingFactor`.
 */
export const PROCESS_CHANGE: {
  id: string;
  date: LocalDate;
  title: string;
  team: Team;
  service: string;
  handlingFactor: number;
} = {
  id: 'demo-online-vorerfassung-pa',
  date: '2025-03-03',
  title: 'Online-Vorerfassung Personalausweis',
  team: 'melde-pass',
  service: 'PA-ANTRAG',
  handlingFactor: 0.72,
};

/**
 * Annotations of the demo up to the end of the range: a change made before the range still
 * explains the data in it, one after the range has not happened yet. Without `site` an
 * annotation applies to every site.
 */
export function annotationsUpTo(to: LocalDate): Annotation[] {
  const { id, date, title, team, service } = PROCESS_CHANGE;
  return date <= to ? [{ id, date, title, team, service }] : [];
}
