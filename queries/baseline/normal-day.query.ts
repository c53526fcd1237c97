/**
 * The morning briefing's question: was yesterday normal? Each KPI of a day against the
 * median of the same weekday over the previous 8 weeks (public holidays skipped), with a
 * robust deviation (median absolute deviation) and a flag when it is far off.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { isPublicHoliday } from '../../calendar/public-holidays.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import { median } from '../../maths/bootstrap.ts';
import { kpiSettings } from '../targets.ts';
import { rollupSite } from '../shared/sql-parts.ts';
import { kpiValue, type KpiKey } from '../kpis/definitions.ts';
import {
  CALL_KPIS,
  callColumns,
  columnsSql,
  countsOf,
  EMAIL_COLUMNS,
  EMAIL_KPIS,
  valuesOf,
  VISIT_COLUMNS,
  VISIT_KPIS,
  type Columns,
} from '../kpis/measures.ts';

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

type DayFigures = Parameters<typeof kpiValue>[0];

/**
 * The summary's KPIs of each single day, as `summary` gives them for a one-day range, but one
 * statement per channel for all days (grouped by day) instead of four per day.
 */
async function dailyFigures(
  wh: Warehouse,
  dates: readonly LocalDate[],
  site: string | undefined,
): Promise<Map<LocalDate, DayFigures>> {
  const where = sql`day IN ${lit.inList(dates, lit.date)} AND ${rollupSite(site)}`;
  const perDay = (columns: Columns, table: string) =>
    wh.query<Record<string, unknown>>(sql`SELECT toString(day) AS d, ${columnsSql(columns, 'merge')}
      FROM ${ident(table)} FINAL WHERE ${where} GROUP BY day`);
  const calls = callColumns(kpiSettings().shortAbandonSeconds);
  // The backlog at the end of each day: received up to it minus closed up to it (emailBacklogSql).
  const upTo = (d: LocalDate) => lit.date(d);
  const sums = (expr: (d: LocalDate) => Sql) =>
    Sql.trusted(dates.map((d, i) => `toInt64(${expr(d)}) AS b_${i}`).join(', '));
  const last = lit.date([...dates].sort().at(-1)!);
  const [visits, callRows, emails, [received], [closed]] = await Promise.all([
    perDay(VISIT_COLUMNS, 'visits_daily'),
    perDay(calls, 'calls_daily'),
    perDay(EMAIL_COLUMNS, 'emails_daily'),
    wh.query<
      Record<string, unknown>
    >(sql`SELECT ${sums((d) => sql`sumIf(received, day <= ${upTo(d)})`)}
      FROM emails_daily FINAL WHERE day <= ${last} AND ${rollupSite(site)}`),
    wh.query<
      Record<string, unknown>
    >(sql`SELECT ${sums((d) => sql`sumIf(closed, day <= ${upTo(d)} AND closed_day <= ${upTo(d)})`)}
      FROM emails_closed_daily FINAL WHERE day <= ${last} AND ${rollupSite(site)}`),
  ]);
  const byDay = (rows: Record<string, unknown>[]) => new Map(rows.map((r) => [String(r.d), r]));
  const [v, c, e] = [byDay(visits), byDay(callRows), byDay(emails)];
  return new Map(
    dates.map((d, i) => [
      d,
      {
        visits: valuesOf(VISIT_KPIS, countsOf(VISIT_COLUMNS, v.get(d) ?? {})),
        calls: valuesOf(CALL_KPIS, countsOf(calls, c.get(d) ?? {})),
        emails: valuesOf(EMAIL_KPIS, {
          ...countsOf(EMAIL_COLUMNS, e.get(d) ?? {}),
          backlog: Number(received?.[`b_${i}`] ?? 0) - Number(closed?.[`b_${i}`] ?? 0),
        }),
      },
    ]),
  );
}

export async function normalDay(wh: Warehouse, p: BaselineParams): Promise<BaselineResult> {
  const weeks = p.weeks ?? 8;
  const compared: LocalDate[] = [];
  for (let k = 1; compared.length < weeks && k <= weeks * 2; k++) {
    const d = addDays(p.date, -7 * k);
    if (!isPublicHoliday(d)) compared.push(d);
  }
  const figures = await dailyFigures(wh, [p.date, ...compared], p.site);
  const today = figures.get(p.date)!;
  const history = compared.map((d) => figures.get(d)!);
  return {
    date: p.date,
    comparedWith: compared,
    kpis: COMPARED.map((kpi) => {
      const value = kpiValue(today, kpi);
      const values = history.map((s) => kpiValue(s, kpi)).filter((x): x is number => x !== null);
      return { kpi, value, ...robustDeviation(value, values) };
    }),
  };
}
