/** Saison: the last three years' visits per calendar week, holidays and the passport rush. */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import type { LocalDate } from '../../../../../calendar/local-date.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { seasonality } from '../../../../../queries/seasonality/seasonality.query.ts';

export async function seasonData(wh: Warehouse, p: { until: LocalDate; site?: string }) {
  const last = Number(p.until.slice(0, 4));
  const years = [last - 2, last - 1, last];
  return {
    years,
    season: await seasonality(wh, { years, channel: 'visits', until: p.until, site: p.site }),
  };
}
