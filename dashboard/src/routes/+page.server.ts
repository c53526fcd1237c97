import { summary } from '$queries/summary/summary.query.ts';
import { dailyKpis } from '$queries/summary/daily-kpis.query.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { periodFromUrl } from '$lib/server/period.ts';
import { guarded } from '$lib/server/http/guarded-load.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ url }) => {
  const period = periodFromUrl(url, 'monat');
  const wh = readerWarehouse();
  const [current, previous, daily] = await Promise.all([
    summary(wh, period),
    summary(wh, period.previousYear),
    dailyKpis(wh, period),
  ]);
  return { period, current, previous, daily };
});
