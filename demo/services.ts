import type { ServiceDomain } from '../domain/catalog/service-catalog.ts';
import type { Team } from '../domain/contract/common.ts';

/** How one catalog service shows up at the counters, on the phone and in the mailbox. */
export interface ServiceProfile {
  code: string;
  /** The catalog domain; it decides the 115 queue and the mailbox. */
  domain: ServiceDomain;
  /** The team whose counter handles it when it is the visit's main concern. */
  team: Team;
  /** Relative share of visits with this as the main concern (percent of all visits). */
  visitWeight: number;
  /** Median handling time at the counter, minutes. */
  handlingMinutes: number;
  /** Relative share of 115 calls and emails about it. */
  enquiryWeight: number;
  /** Services often done in the same visit, with the probability of each. */
  companions: ReadonlyArray<readonly [code: string, probability: number]>;
}

/**
 * The service mix of the model office. Codes are those of the shipped catalog; weights give
 * registration/ID/passport the bulk, Kfz about a quarter and driving licences about 8 %
 * of visits. Pick-ups (DOK-AUSGABE, KFZ-AUSGABE) are short and go to the hand-out desk.
 * The lasting changes (lasting-changes.ts) shift it over the years.
 */
export const SERVICES: readonly ServiceProfile[] = [
  s('MELD-AN', 'melde-pass', 'melde-pass', 12, 13, 10, [
    ['MELD-BESCH', 0.1],
    ['PA-ANTRAG', 0.08],
    ['BEWOHNERPARK', 0.05],
    ['KIND-PASS', 0.03],
  ]),
  s('MELD-UM', 'melde-pass', 'melde-pass', 5, 9, 3, [
    ['BEWOHNERPARK', 0.08],
    ['MELD-BESCH', 0.05],
  ]),
  s('MELD-AB', 'melde-pass', 'melde-pass', 3, 7, 2, [['MELD-BESCH', 0.1]]),
  s('MELD-BESCH', 'melde-pass', 'melde-pass', 3, 4, 2, []),
  s('PA-ANTRAG', 'melde-pass', 'melde-pass', 12, 15, 12, [
    ['PASS-ANTRAG', 0.12],
    ['KIND-PASS', 0.08],
  ]),
  s('PASS-ANTRAG', 'melde-pass', 'melde-pass', 8, 15, 8, [
    ['PA-ANTRAG', 0.15],
    ['KIND-PASS', 0.15],
  ]),
  s('KIND-PASS', 'melde-pass', 'melde-pass', 4, 11, 3, [
    ['PASS-ANTRAG', 0.15],
    ['PA-ANTRAG', 0.05],
  ]),
  s('FUEHRUNGSZ', 'melde-pass', 'melde-pass', 2, 7, 3, []),
  s('BEGLAUB', 'sonstiges', 'melde-pass', 1, 5, 1, []),
  s('BEWOHNERPARK', 'sonstiges', 'melde-pass', 1.5, 8, 3, []),
  s('DOK-AUSGABE', 'melde-pass', 'ausgabe', 10, 3.5, 5, []),
  s('KFZ-ZUL', 'kfz', 'kfz', 6, 20, 7, [
    ['KFZ-WUNSCH', 0.35],
    ['KFZ-AUSSER', 0.05],
  ]),
  s('KFZ-UMSCHR', 'kfz', 'kfz', 6, 18, 5, [['KFZ-WUNSCH', 0.25]]),
  s('KFZ-AUSSER', 'kfz', 'kfz', 4, 9, 3, [['KFZ-ZUL', 0.1]]),
  s('KFZ-WUNSCH', 'kfz', 'kfz', 1, 5, 3, []),
  s('KFZ-HAENDLER', 'kfz', 'haendler', 5, 35, 0.5, []),
  s('KFZ-AUSGABE', 'kfz', 'ausgabe', 3, 4, 1, []),
  s('FE-UMTAUSCH', 'fahrerlaubnis', 'fahrerlaubnis', 5, 13, 6, [['FE-INTERNAT', 0.05]]),
  s('FE-ERSTERT', 'fahrerlaubnis', 'fahrerlaubnis', 2, 18, 2, [['FE-INTERNAT', 0.03]]),
  s('FE-INTERNAT', 'fahrerlaubnis', 'fahrerlaubnis', 1, 9, 1, []),
  s('FUNDSACHE', 'sonstiges', 'empfang', 1, 6, 2, []),
  s('AUSKUNFT', 'sonstiges', 'empfang', 2, 3, 25, []),
];

function s(
  code: string,
  domain: ServiceDomain,
  team: Team,
  visitWeight: number,
  handlingMinutes: number,
  enquiryWeight: number,
  companions: ServiceProfile['companions'],
): ServiceProfile {
  return { code, domain, team, visitWeight, handlingMinutes, enquiryWeight, companions };
}

export const SERVICE_INDEX = new Map(SERVICES.map((p, i) => [p.code, i]));

/** The services whose demand rises before the summer holidays: people notice expired papers. */
export const TRAVEL_DOCUMENTS: ReadonlySet<string> = new Set([
  'PA-ANTRAG',
  'PASS-ANTRAG',
  'KIND-PASS',
]);
