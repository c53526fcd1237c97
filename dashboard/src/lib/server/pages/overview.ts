/** Überblick: the summary KPIs of the period beside the same period a year before, and the KPIs per day. */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { dailyKpis } from '../../../../../queries/summary/daily-kpis.query.ts';
import { summary } from '../../../../../queries/summary/summary.query.ts';
import type { Period } from '../period.ts';

export async function overviewData(wh: Warehouse, period: Period) {
  const [current, previous, daily] = await Promise.all([
    summary(wh, period),
    summary(wh, period.previousYear),
    dailyKpis(wh, period),
  ]);
  return { period, current, previous, daily };
}
