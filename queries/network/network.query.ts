/**
 * Netzwerk: the offices of the network side by side for a period, from the daily rollups
 * (one row per site and day, so a year stays fast with many sites). Per office the registry's
 * KPIs (formulas from queries/kpis/), contacts per 1,000 residents where the registry has
 * them, a rank per KPI with a better direction and the spread over the offices. An office
 * with fewer records than LAGEBILD_MIN_GROUP shows no figure and takes no part in rank or
 * spread.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { ALL_SITES } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import { KPIS, kpiValue, type KpiKey } from '../kpis/definitions.ts';
import {
  CALL_KPIS,
  callColumns,
  columnsSql,
  countsOf,
  EMAIL_COLUMNS,
  EMAIL_KPIS,
  SERVICE_COLUMNS,
  SERVICE_LEVELS,
  valuesOf,
  VISIT_COLUMNS,
  VISIT_KPIS,
  zeroCounts,
  type Columns,
} from '../kpis/measures.ts';
import { registeredSites } from '../sites/site-registry.query.ts';
import type { SiteKind } from '../../domain/sites/site-registry.ts';

/** The KPIs compared, in the table's order. */
export const NETWORK_KPIS = [
  'visits.contacts',
  'calls.offered',
  'emails.received',
  'visits.waitP50',
  'visits.waitP90',
  'visits.waitedUnder15Share',
  'visits.handleP50',
  'visits.handleP90',
  'visits.noShowRate',
  'calls.serviceLevel',
  'emails.answeredWithin24h',
] as const satisfies readonly KpiKey[];
export type NetworkKpi = (typeof NETWORK_KPIS)[number];

/** Not a KPI of the registry: contacts of all channels per 1,000 residents. */
export const PER_1000 = 'contactsPer1000';
export type NetworkFigure = NetworkKpi | typeof PER_1000;
export const NETWORK_FIGURES: readonly NetworkFigure[] = [
  'visits.contacts',
  'calls.offered',
  'emails.received',
  PER_1000,
  ...NETWORK_KPIS.slice(3),
];

export interface NetworkOffice {
  site: string;
  /** The registry's name, or the code of a site that sends data but is not registered. */
  name: string;
  kind: SiteKind | null;
  residents: number | null;
  /** Completed visits, offered calls and received emails: what suppression counts. */
  records: number;
  suppressed: boolean;
  values: Record<NetworkFigure, number | null>;
  /** 1 = best; null where the figure has no better direction or no value. */
  ranks: Record<NetworkFigure, number | null>;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** Offices with a value. */
  offices: number;
}

/** One office's handling times of one service; null figures below the minimum group. */
export interface ServiceCell {
  cases: number;
  handleP50: number | null;
  handleP90: number | null;
  suppressed: boolean;
}

export interface ServiceHandling {
  service: string;
  /** By site; an office without a case of the service has none. */
  offices: Record<string, ServiceCell>;
  /** Of the offices' medians. */
  spread: Spread | null;
}

export interface NetworkResult {
  from: string;
  to: string;
  minGroup: number;
  offices: NetworkOffice[];
  spread: Record<NetworkFigure, Spread | null>;
  /** Handling times per service and office (visit_services_daily), services in code order. */
  services: ServiceHandling[];
}

const HANDLING_COLUMNS = {
  cases: SERVICE_COLUMNS.cases!,
  handle_digest: SERVICE_COLUMNS.handle_digest!,
};

type Row = Record<string, unknown> & { site: string };

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spreadOf(values: readonly (number | null)[]): Spread | null {
  const sorted = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return sorted.length
    ? { min: sorted[0]!, median: median(sorted), max: sorted.at(-1)!, offices: sorted.length }
    : null;
}

/** Competition ranking (1, 2, 2, 4) by the better direction; ties share a rank. */
function ranksOf(values: readonly (number | null)[], higherIsBetter: boolean): (number | null)[] {
  return values.map((v) =>
    v === null
      ? null
      : 1 + values.filter((w) => w !== null && (higherIsBetter ? w > v : w < v)).length,
  );
}

export async function network(wh: Warehouse, p: DateRange): Promise<NetworkResult> {
  const where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND site != ${lit.string(ALL_SITES)}`;
  const calls = callColumns(kpiSettings().shortAbandonSeconds);
  const perSite = (table: Sql, columns: Columns) =>
    wh.query<Row>(sql`
      SELECT site, ${columnsSql(columns, 'merge')}
      FROM ${table} FINAL WHERE ${where} GROUP BY site`);
  const [v, c, e, registry, h] = await Promise.all([
    perSite(sql`visits_daily`, VISIT_COLUMNS),
    perSite(sql`calls_daily`, calls),
    perSite(sql`emails_daily`, EMAIL_COLUMNS),
    registeredSites(wh),
    wh.query<Row & { service: string }>(sql`
      SELECT site, service, ${columnsSql(HANDLING_COLUMNS, 'merge')}
      FROM visit_services_daily FINAL WHERE ${where}
      GROUP BY site, service HAVING cases > 0 ORDER BY service, site`),
  ]);
  const bySite = <T>(rows: Row[], toCounts: (r: Row) => T) =>
    new Map(rows.map((r) => [r.site, toCounts(r)]));
  const visits = bySite(v, (r) => countsOf(VISIT_COLUMNS, r));
  const callCounts = bySite(c, (r) => countsOf(calls, r));
  const emails = bySite(e, (r) => countsOf(EMAIL_COLUMNS, r));
  const sites = [...new Set([...visits.keys(), ...callCounts.keys(), ...emails.keys()])].sort();
  const { minGroup } = kpiSettings();

  const offices = sites.map((site) => {
    const vc = visits.get(site) ?? zeroCounts(VISIT_COLUMNS);
    const cc = callCounts.get(site) ?? zeroCounts(calls);
    const ec = emails.get(site) ?? zeroCounts(EMAIL_COLUMNS);
    // The backlog is a stock the comparison does not show; zero keeps the registry's shape.
    const figures = {
      visits: valuesOf(VISIT_KPIS, vc),
      calls: valuesOf(CALL_KPIS, cc),
      emails: valuesOf(EMAIL_KPIS, { ...ec, backlog: 0 }),
    };
    const reg = registry.find((s) => s.code === site);
    const records = figures.visits.contacts + figures.calls.offered + figures.emails.received;
    const suppressed = records < minGroup;
    const residents = reg?.residents ?? null;
    const values = Object.fromEntries(
      NETWORK_FIGURES.map((f) => {
        if (suppressed) return [f, null];
        if (f === PER_1000) return [f, residents ? (records / residents) * 1000 : null];
        return [f, kpiValue(figures, f)];
      }),
    ) as Record<NetworkFigure, number | null>;
    return {
      site,
      name: reg?.name ?? site,
      kind: reg?.kind ?? null,
      residents,
      records,
      suppressed,
      values,
      ranks: {} as Record<NetworkFigure, number | null>,
    };
  });

  const spread = {} as Record<NetworkFigure, Spread | null>;
  for (const f of NETWORK_FIGURES) {
    const column = offices.map((o) => o.values[f]);
    const better = f === PER_1000 ? null : KPIS[f].higherIsBetter;
    const ranks = better === null ? column.map(() => null) : ranksOf(column, better);
    offices.forEach((o, i) => (o.ranks[f] = ranks[i]!));
    spread[f] = spreadOf(column);
  }

  const hidden = new Set(offices.filter((o) => o.suppressed).map((o) => o.site));
  const services = new Map<string, ServiceHandling>();
  for (const row of h) {
    // SERVICE_COLUMNS is typed as any column set, so its counts are spelled out here.
    const counts = countsOf(HANDLING_COLUMNS, row) as unknown as {
      cases: number;
      handle_digest: (number | null)[];
    };
    const small = counts.cases < minGroup || hidden.has(row.site);
    const at = (level: (typeof SERVICE_LEVELS.handle)[number]) => {
      const x = counts.handle_digest[SERVICE_LEVELS.handle.indexOf(level)];
      return small || x === null || x === undefined ? null : x;
    };
    let s = services.get(row.service);
    if (!s) services.set(row.service, (s = { service: row.service, offices: {}, spread: null }));
    s.offices[row.site] = {
      cases: counts.cases,
      handleP50: at(0.5),
      handleP90: at(0.9),
      suppressed: small,
    };
  }
  for (const s of services.values())
    s.spread = spreadOf(Object.values(s.offices).map((o) => o.handleP50));
  return { from: p.from, to: p.to, minGroup, offices, spread, services: [...services.values()] };
}
