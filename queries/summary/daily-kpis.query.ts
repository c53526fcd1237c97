/**
 * The headline KPIs per local day, from the daily rollups: the sparklines of the overview
 * tiles. Same definitions as the summary, grouped by day instead of summed over the range.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { daysOf, type DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';

export interface DailyKpis {
  date: string;
  contacts: number;
  waitP50: number | null;
  handleP50: number | null;
  waitedUnder15Share: number | null;
  noShowRate: number | null;
  offered: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  firstContactResolution: number | null;
  received: number;
  answeredWithin24h: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function dailyKpis(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<DailyKpis[]> {
  const where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND ${rollupSite(p.site)}`;
  const [v, c, e] = await Promise.all([
    wh.query<{
      d: string;
      completed: number;
      with_wait: number;
      under: number;
      appt: number;
      ns: number;
      with_handle: number;
      wq: number[];
      hq: number[];
    }>(sql`
      SELECT toString(day) AS d, sum(completed) AS completed, sum(with_wait) AS with_wait, sum(waited_under_15) AS under,
        sum(with_appointment) AS appt, sum(no_shows) AS ns, sum(with_handle) AS with_handle,
        quantilesTDigestMerge(0.5, 0.75, 0.9)(wait_digest) AS wq, quantilesTDigestMerge(0.5, 0.75, 0.9)(handle_digest) AS hq
      FROM visits_daily FINAL WHERE ${where} GROUP BY day`),
    wh.query<{
      d: string;
      calls: number;
      short: number;
      answered: number;
      in_target: number;
      abandoned: number;
      fcr: number;
    }>(sql`
      SELECT toString(day) AS d, sum(calls) AS calls, sum(short_abandons) AS short, sum(answered) AS answered,
        sum(answered_in_target) AS in_target, sum(abandoned) AS abandoned, sum(resolved_first_contact) AS fcr
      FROM calls_daily FINAL WHERE ${where} GROUP BY day`),
    wh.query<{ d: string; received: number; within: number }>(sql`
      SELECT toString(day) AS d, sum(received) AS received, sum(answered_within_24h) AS within FROM emails_daily FINAL WHERE ${where} GROUP BY day`),
  ]);
  const byDay = new Map<string, DailyKpis>();
  for (const date of daysOf(p)) {
    byDay.set(date, {
      date,
      contacts: 0,
      waitP50: null,
      handleP50: null,
      waitedUnder15Share: null,
      noShowRate: null,
      offered: 0,
      serviceLevel: null,
      abandonRate: null,
      firstContactResolution: null,
      received: 0,
      answeredWithin24h: null,
    });
  }
  for (const r of v) {
    const d = byDay.get(r.d);
    if (!d) continue;
    d.contacts = Number(r.completed);
    d.waitP50 = Number(r.with_wait) ? r.wq[0]! : null;
    d.handleP50 = Number(r.with_handle) ? r.hq[0]! : null;
    d.waitedUnder15Share = ratio(Number(r.under), Number(r.with_wait));
    d.noShowRate = ratio(Number(r.ns), Number(r.appt));
  }
  for (const r of c) {
    const d = byDay.get(r.d);
    if (!d) continue;
    const offered = Number(r.calls) - Number(r.short);
    d.offered = offered;
    d.serviceLevel = ratio(Number(r.in_target), offered);
    d.abandonRate = ratio(Number(r.abandoned) - Number(r.short), offered);
    d.firstContactResolution = ratio(Number(r.fcr), Number(r.answered));
  }
  for (const r of e) {
    const d = byDay.get(r.d);
    if (!d) continue;
    d.received = Number(r.received);
    d.answeredWithin24h = ratio(Number(r.within), Number(r.received));
  }
  return [...byDay.values()];
}
