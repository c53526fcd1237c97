/** Netzwerk: labels and the flat rows of the office comparison, shared by page and API. */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { KPIS } from '../../../../../queries/kpis/definitions.ts';
import {
  network,
  NETWORK_FIGURES,
  PER_1000,
  type NetworkFigure,
  type NetworkResult,
} from '../../../../../queries/network/network.query.ts';
import { SITE_KIND_LABELS } from '../../../../../domain/sites/site-registry.ts';
import { loadServiceCatalog } from '../../../../../domain/catalog/service-catalog.ts';
import type { ValueFormat } from '../../format.ts';
import type { Period } from '../period.ts';

export interface FigureInfo {
  key: NetworkFigure;
  label: string;
  format: ValueFormat;
  /** null: no better direction, no rank. */
  higherIsBetter: boolean | null;
}

export const FIGURES: readonly FigureInfo[] = NETWORK_FIGURES.map((key) =>
  key === PER_1000
    ? { key, label: 'Kontakte je 1.000 Einwohner', format: 'decimal', higherIsBetter: null }
    : {
        key,
        label: KPIS[key].label,
        format: KPIS[key].format,
        higherIsBetter: KPIS[key].higherIsBetter,
      },
);

export type NetworkRow = Record<string, string | number | null>;

/** One flat row per office: its figures and ranks, for tables, CSV and XLSX. */
export function networkRows(r: NetworkResult): NetworkRow[] {
  return r.offices.map((o) => ({
    site: o.site,
    name: o.name,
    kind: o.kind ? SITE_KIND_LABELS[o.kind] : '',
    residents: o.residents,
    records: o.records,
    suppressed: o.suppressed ? 'ja' : 'nein',
    ...Object.fromEntries(FIGURES.map((f) => [f.key, o.values[f.key]])),
    ...Object.fromEntries(FIGURES.map((f) => [`rank:${f.key}`, o.ranks[f.key]])),
  }));
}

export async function networkData(wh: Warehouse, period: Period) {
  const result = await network(wh, period);
  const catalog = loadServiceCatalog().services;
  const serviceNames = Object.fromEntries(
    result.services.map((s) => [
      s.service,
      catalog.find((c) => c.code === s.service)?.name ?? s.service,
    ]),
  );
  return { period, result, figures: FIGURES, serviceNames };
}
