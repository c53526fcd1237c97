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
import { readRuleSites } from '$queries/alerts/notification-files.ts';
import { loadConfig } from '$config/environment.ts';
import { dayOutlook, liveView } from '$queries/live/live-view.ts';

const outlook = memoize(
  (p: { date: LocalDate; site: string | undefined }) =>
    dayOutlook(readerWarehouse(), p.date, p.site),
  (p) => `${p.date}|${p.site ?? ''}`,
  3_600_000,
);

/**
 * The alerts of the shown site: for one site only the rules of that site, and no failed
 * deliveries (they name rules of every site); for all sites everything.
 */
function alertsOf(site: string | undefined) {
  const all = notificationStatus();
  if (site === undefined) return all;
  const sites = readRuleSites(loadConfig().ingest.notifications.alerts.rulesFile);
  return { ...all, active: all.active.filter((a) => sites.get(a.rule) === site), failures: [] };
}

async function compute(site: string | undefined) {
  const day = await liveDay(readerWarehouse(), { now: new Date(), site });
  const alerts = alertsOf(site);
  return {
    view: liveView(day, await outlook({ date: day.date, site })),
    alerts,
    // Older failures are Datenqualität's business; Heute names only today's.
    failuresToday: alerts.failures.filter((f) => berlinDate(new Date(f.at)) === day.date),
  };
}

/** Per site (undefined: all sites): viewers of one site share one answer. */
const shared = memoize(compute, (site) => site ?? '', SHARED_SECONDS * 1000);
const lastGood = new Map<string, Awaited<ReturnType<typeof compute>>>();

/**
 * The shared figures. While ClickHouse cannot answer, today's last figures with the reason:
 * a failed refresh would otherwise replace an open page by the error page, which stops polling.
 */
export async function currentLive(site: string | undefined) {
  try {
    const good = await shared(site);
    lastGood.set(site ?? '', good);
    return { ...good, stale: null };
  } catch (err) {
    const failure = describeFailure(err);
    const good = lastGood.get(site ?? '');
    if (!good || failure.status !== 503 || good.view.date !== berlinDate(new Date())) throw err;
    return { ...good, stale: failure.message };
  }
}
