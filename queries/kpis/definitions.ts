/**
 * The KPI registry (design.md, "KPI definitions"): per KPI its German names, unit, which
 * direction is better and which configured target judges it, and the fixed thresholds of
 * the definitions. No SQL and no server module here, so Svelte components import it too;
 * the SQL of each KPI is in `measures.ts`, the target values come from `kpiSettings()`.
 */
import type { KpiSettings } from '../targets.ts';

/**
 * Constants of the definitions, not configuration: the 115 network fixes its promise, and
 * the rollup columns (`answered_in_target`, `waited_under_15`, `answered_within_24h`) are
 * counted with them.
 */
export const THRESHOLDS = {
  /** A 115 call is answered in target up to this many seconds after its offer. */
  callAnswerSeconds: 30,
  /** A completed visit waited "at most 15 min" up to this many minutes. */
  visitWaitMinutes: 15,
  /** An email is answered in time up to this many hours after receipt. */
  emailAnswerHours: 24,
} as const;

export type KpiUnit = 'count' | 'share' | 'seconds' | 'hours';
/** How the dashboard shows a unit (a subset of its `ValueFormat`). */
export type KpiFormat = 'int' | 'pct' | 'duration' | 'hours';
export type TargetName = keyof KpiSettings['targets'];

const FORMAT: Record<KpiUnit, KpiFormat> = {
  count: 'int',
  share: 'pct',
  seconds: 'duration',
  hours: 'hours',
};

interface Entry {
  /** The German name where the KPI stands alone (briefing, exports). */
  label: string;
  /** Under its channel's heading (the Überblick tiles); `label` if not given. */
  shortLabel?: string;
  /** The name in exports, which carry raw seconds and hours; `label` if not given. */
  exportLabel?: string;
  unit: KpiUnit;
  /** null: neither direction is better (volumes). */
  higherIsBetter: boolean | null;
  /** The configured target it is judged against. */
  target?: TargetName;
}

const { callAnswerSeconds, visitWaitMinutes, emailAnswerHours } = THRESHOLDS;

/** In design.md's order, which is the order of the summary's fields and of its export. */
const ENTRIES = {
  'visits.contacts': {
    label: 'Kontakte vor Ort',
    shortLabel: 'Kontakte',
    unit: 'count',
    higherIsBetter: null,
  },
  'visits.services': { label: 'Dienstleistungen', unit: 'count', higherIsBetter: null },
  'visits.waitP50': {
    label: 'Wartezeit (Median)',
    exportLabel: 'Wartezeit Median (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'visits.waitP90': {
    label: 'Wartezeit (90 % unter)',
    exportLabel: 'Wartezeit 90. Perzentil (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'visits.handleP50': {
    label: 'Bearbeitungszeit (Median)',
    exportLabel: 'Bearbeitungszeit Median (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'visits.handleP90': {
    label: 'Bearbeitungszeit (90 % unter)',
    exportLabel: 'Bearbeitungszeit 90. Perzentil (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'visits.waitedUnder15Share': {
    label: `Anteil Wartezeit ≤ ${visitWaitMinutes} min`,
    shortLabel: `Wartezeit ≤ ${visitWaitMinutes} min`,
    unit: 'share',
    higherIsBetter: true,
    target: 'waitedUnder15Share',
  },
  'visits.noShowRate': {
    label: 'Nicht erschienen',
    exportLabel: 'Nichterscheinen-Quote',
    unit: 'share',
    higherIsBetter: false,
    target: 'noShowRate',
  },
  'calls.offered': {
    label: '115: angebotene Anrufe',
    shortLabel: 'Angebotene Anrufe',
    unit: 'count',
    higherIsBetter: null,
  },
  'calls.answered': {
    label: '115: angenommene Anrufe',
    shortLabel: 'Angenommene Anrufe',
    unit: 'count',
    higherIsBetter: null,
  },
  'calls.serviceLevel': {
    label: '115: Servicelevel',
    shortLabel: `Servicelevel (${callAnswerSeconds} s)`,
    exportLabel: `115: Servicelevel (${callAnswerSeconds} s)`,
    unit: 'share',
    higherIsBetter: true,
    target: 'serviceLevel',
  },
  'calls.abandonRate': {
    label: '115: Abbruchquote',
    shortLabel: 'Abbruchquote',
    unit: 'share',
    higherIsBetter: false,
  },
  'calls.asaSeconds': {
    label: '115: mittlere Wartezeit',
    exportLabel: '115: mittlere Wartezeit (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'calls.ahtSeconds': {
    label: '115: Bearbeitungszeit',
    shortLabel: 'Bearbeitungszeit (Mittel)',
    exportLabel: '115: mittlere Bearbeitungszeit (s)',
    unit: 'seconds',
    higherIsBetter: false,
  },
  'calls.firstContactResolution': {
    label: '115: Erstlösungsquote',
    shortLabel: 'Erstlösungsquote',
    unit: 'share',
    higherIsBetter: true,
    target: 'firstContactResolution',
  },
  'emails.received': {
    label: 'E-Mails eingegangen',
    shortLabel: 'Eingegangen',
    unit: 'count',
    higherIsBetter: null,
  },
  'emails.answeredWithin24h': {
    label: `E-Mails: Antwort binnen ${emailAnswerHours} h`,
    shortLabel: `Antwort binnen ${emailAnswerHours} h`,
    unit: 'share',
    higherIsBetter: true,
    target: 'answeredWithin24h',
  },
  'emails.medianFirstResponseHours': {
    label: 'E-Mails: erste Antwort (Median)',
    shortLabel: 'Erste Antwort (Median)',
    exportLabel: 'E-Mails: Median erste Antwort (h)',
    unit: 'hours',
    higherIsBetter: false,
  },
  'emails.backlog': {
    label: 'E-Mails offen',
    shortLabel: 'Offen am Ende',
    exportLabel: 'E-Mails: offen am Ende des Zeitraums',
    unit: 'count',
    higherIsBetter: false,
  },
} satisfies Record<string, Entry>;

export type KpiKey = keyof typeof ENTRIES;
export type Channel = 'visits' | 'calls' | 'emails';
/** The field names of a channel's KPIs: `FieldOf<'calls'>` is 'offered' | 'answered' | … */
export type FieldOf<C extends Channel> = KpiKey extends infer K
  ? K extends `${C}.${infer F}`
    ? F
    : never
  : never;

export interface Kpi {
  key: KpiKey;
  channel: Channel;
  field: string;
  label: string;
  shortLabel: string;
  exportLabel: string;
  unit: KpiUnit;
  format: KpiFormat;
  higherIsBetter: boolean | null;
  target: TargetName | null;
}

export const KPI_KEYS = Object.keys(ENTRIES) as KpiKey[];

export const KPIS = Object.fromEntries(
  KPI_KEYS.map((key) => {
    const e: Entry = ENTRIES[key];
    const [channel, field] = key.split('.') as [Channel, string];
    const kpi: Kpi = {
      key,
      channel,
      field,
      label: e.label,
      shortLabel: e.shortLabel ?? e.label,
      exportLabel: e.exportLabel ?? e.label,
      unit: e.unit,
      format: FORMAT[e.unit],
      higherIsBetter: e.higherIsBetter,
      target: e.target ?? null,
    };
    return [key, kpi];
  }),
) as Record<KpiKey, Kpi>;

export function isKpiKey(key: string): key is KpiKey {
  return Object.hasOwn(ENTRIES, key);
}

/** A KPI's value in anything shaped like the summary (`{ visits, calls, emails }`). */
export function kpiValue(
  figures: { [C in Channel]: { [F in FieldOf<C>]: number | null } },
  key: KpiKey,
): number | null {
  const { channel, field } = KPIS[key];
  return (figures[channel] as Record<string, number | null>)[field] ?? null;
}

const percent = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

/** A target share as running text says it: "75 %", "62,5 %". */
export function percentText(share: number): string {
  return `${percent.format(share * 100)} %`;
}

/** The configured target of a KPI (`kpiSettings().targets`, read on the server), if it has one. */
export function kpiTarget(key: KpiKey, targets: KpiSettings['targets']): number | null {
  const name = KPIS[key].target;
  return name ? targets[name] : null;
}
