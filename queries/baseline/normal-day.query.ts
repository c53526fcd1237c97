/**
 * The morning briefing's question: was yesterday normal? Each KPI of a day against the
 * median of the same weekday over the previous 8 weeks (public holidays skipped), with a
 * robust deviation (median absolute deviation) and a flag when it is far off.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isPublicHoliday } from '../../calendar/public-holidays.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { median } from '../../maths/bootstrap.ts';
import { summary } from '../summary/summary.query.ts';
import { kpiValue, type KpiKey } from '../kpis/definitions.ts';

export interface BaselineParams {
  date: LocalDate;
  site?: string;
  weeks?: number;
}

export interface KpiDeviation {
  kpi: KpiKey;
  value: number | null;
  normal: number | null;
  /** (value − normal) / (1.4826 · MAD); null when the baseline has no spread or data. */
  robustZ: number | null;
  flag: 'higher' | 'lower' | null;
}

export interface BaselineResult {
  date: LocalDate;
  comparedWith: LocalDate[];
  kpis: KpiDeviation[];
}

/** The KPIs the morning briefing compares with a normal day (labels: the KPI registry). */
const COMPARED: readonly KpiKey[] = [
  'visits.contacts',
  'visits.waitP50',
  'visits.waitP90',
  'visits.handleP50',
  'visits.waitedUnder15Share',
  'visits.noShowRate',
  'calls.offered',
  'calls.serviceLevel',
  'calls.abandonRate',
  'calls.ahtSeconds',
  'emails.received',
  'emails.backlog',
];

/** |z| above this is "notable": about 1 in 370 days under a normal distribution. */
const FLAG_Z = 3;

export function robustDeviation(
  value: number | null,
  history: readonly number[],
): Pick<KpiDeviation, 'normal' | 'robustZ' | 'flag'> {
  if (history.length === 0) return { normal: null, robustZ: null, flag: null };
  const sorted = [...history].sort((a, b) => a - b);
  const normal = median(sorted);
  const mad = median(sorted.map((x) => Math.abs(x - normal)).sort((a, b) => a - b));
  if (value === null || mad === 0) return { normal, robustZ: null, flag: null };
  const z = (value - normal) / (1.4826 * mad);
  return { normal, robustZ: z, flag: z > FLAG_Z ? 'higher' : z < -FLAG_Z ? 'lower' : null };
}

export async function normalDay(wh: Warehouse, p: BaselineParams): Promise<BaselineResult> {
  const weeks = p.weeks ?? 8;
  const compared: LocalDate[] = [];
  for (let k = 1; compared.length < weeks && k <= weeks * 2; k++) {
    const d = addDays(p.date, -7 * k);
    if (!isPublicHoliday(d)) compared.push(d);
  }
  const day = (d: LocalDate) => summary(wh, { from: d, to: d, site: p.site });
  const [today, ...history] = await Promise.all([day(p.date), ...compared.map(day)]);
  return {
    date: p.date,
    comparedWith: compared,
    kpis: COMPARED.map((kpi) => {
      const value = kpiValue(today!, kpi);
      const values = history.map((s) => kpiValue(s, kpi)).filter((x): x is number => x !== null);
      return { kpi, value, ...robustDeviation(value, values) };
    }),
  };
}
