/**
 * Today's figures shared by every viewer of Heute: the actuals at most once per
 * SHARED_SECONDS, the forecast and intraday profile once an hour (they change with the day).
 * "Now" is the server's clock; the query modules take it as a parameter, so their tests fix it.
 */
import type { LocalDate } from '$calendar/local-date.ts';
import { SHARED_SECONDS } from '$lib/components/live/refresh.ts';
import { memoize } from '$lib/server/memo.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { liveDay } from '$queries/live/live-day.query.ts';
import { dayOutlook, liveView, type LiveView } from '$queries/live/live-view.ts';

const outlook = memoize(
  (date: LocalDate) => dayOutlook(readerWarehouse(), date),
  String,
  3_600_000,
);

const actuals = memoize(
  () => liveDay(readerWarehouse(), { now: new Date() }),
  () => 'today',
  SHARED_SECONDS * 1000,
);

export async function currentView(): Promise<LiveView> {
  const day = await actuals(undefined);
  return liveView(day, await outlook(day.date));
}
