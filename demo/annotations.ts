import type { LocalDate } from '../calendar/local-date.ts';
import type { Annotation } from '../domain/contract/annotation.ts';
import type { Team } from '../domain/contract/common.ts';

/** A lasting change in the demo's history, in force at every site from `date` on. */
interface DemoChange {
  id: string;
  date: LocalDate;
  title: string;
  team: Team;
  service: string;
}

/**
 * The Kinderreisepass was abolished by law on 1 January 2024: children get a Personalausweis
 * or a Reisepass since, in `successors`' proportions.
 */
export const CHILD_PASSPORT_ABOLISHED: DemoChange & {
  successors: ReadonlyArray<readonly [code: string, share: number]>;
} = {
  id: 'demo-kinderreisepass-abgeschafft',
  date: '2024-01-01',
  title: 'Kinderreisepass abgeschafft (Kinder: Personalausweis oder Reisepass)',
  team: 'melde-pass',
  service: 'KIND-PASS',
  successors: [
    ['PA-ANTRAG', 0.6],
    ['PASS-ANTRAG', 0.4],
  ],
};

/**
 * The process change of the demo: citizens enter their data online before the ID
 * appointment, so the counter only checks and signs. From `date` on the median handling
 * time of `service` is multiplied by `handlingFactor`.
 */
export const PROCESS_CHANGE: DemoChange & { handlingFactor: number } = {
  id: 'demo-online-vorerfassung-pa',
  date: '2025-03-03',
  title: 'Online-Vorerfassung Personalausweis',
  team: 'melde-pass',
  service: 'PA-ANTRAG',
  handlingFactor: 0.72,
};

/**
 * Resident parking permits are applied for online and printed at home: from `date` on only
 * `counterShare` of the applicants still come to the counter (no online ID, special cases).
 */
export const PARKING_ONLINE: DemoChange & { counterShare: number } = {
  id: 'demo-bewohnerparkausweis-online',
  date: '2025-06-02',
  title: 'Bewohnerparkausweis online (print@home)',
  team: 'melde-pass',
  service: 'BEWOHNERPARK',
  counterShare: 0.35,
};

const CHANGES: readonly DemoChange[] = [CHILD_PASSPORT_ABOLISHED, PROCESS_CHANGE, PARKING_ONLINE];

/**
 * Annotations of the demo up to the end of the range: a change made before the range still
 * explains the data in it, one after the range has not happened yet. Without `site` an
 * annotation applies to every site.
 */
export function annotationsUpTo(to: LocalDate): Annotation[] {
  return CHANGES.filter((c) => c.date <= to).map(({ id, date, title, team, service }) => ({
    id,
    date,
    title,
    team,
    service,
  }));
}
