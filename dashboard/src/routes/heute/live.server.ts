/**
 * Today's figures shared by every viewer of Heute: the actuals and the alert files at most
 * once per SHARED_SECONDS, the forecast and intraday profile once an hour (they change with
 * the day). "Now" is the server's clock; the query modules take it as a parameter, so their
 * tests fix it.
 */
import { berlinDate } from '$calendar/berlin-time.ts';
import type { LocalDate } from '$calendar/local-date.ts';
import { SHARED_SECONDS } from '$lib/components/live/refresh.ts';
import { describeFailure } from '$lib/server/http/failure.ts';
import { memoize } from '$lib/server/memo.ts';
import { notificationStatus } from '$lib/server/pages/data-quality.ts';
import { readerWarehouse } from '$lib/server/warehouse.ts';
import { liveDay } from '$queries/live/live-day.query.ts';
import { dayOutlook, liveView } from '$queries/live/live-view.ts';

const outlook = memoize(
  (date: LocalDate) => dayOutlook(readerWarehouse(), date),
  String,
  3_600_000,
);

async function compute() {
  const day = await liveDay(readerWarehouse(), { now: new Date() });
  const alerts = notificationStatus();
  return {
    view: liveView(day, await outlook(day.date)),
    alerts,
    // Older failures are Datenqualität's business; Heute names only today's.
    failuresToday: alerts.failures.filter((f) => berlinDate(new Date(f.at)) === day.date),
  };
}

const shared = memoize(compute, () => 'today', SHARED_SECONDS * 1000);
let lastGood: Awaited<ReturnType<typeof compute>> | undefined;

/**
 * The shared figures. While ClickHouse cannot answer, today's last figures with the reason:
 * a failed refresh would otherwise replace an open page by the error page, which stops polling.
 */
export async function currentLive() {
  try {
    lastGood = await shared(undefined);
    return { ...lastGood, stale: null };
  } catch (err) {
    const failure = describeFailure(err);
    if (!lastGood || failure.status !== 503 || lastGood.view.date !== berlinDate(new Date()))
      throw err;
    return { ...lastGood, stale: failure.message };
  }
}
