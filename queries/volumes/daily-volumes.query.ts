/**
 * Contacts per local day and channel, every day of the range present (zeros included):
 * visits = completed visits, calls = offered (short abandons excluded), emails = received.
 * Read from the daily rollups.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { daysOf, type DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';

export interface DailyVolumeParams extends DateRange {
  site?: string;
}

export interface DailyVolume {
  date: string;
  visits: number;
  calls: number;
  emails: number;
}

export function dailyVolumesSql(p: DailyVolumeParams): Sql {
  const where = sql`day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)} AND ${rollupSite(p.site)}`;
  return sql`SELECT toString(day) AS date, 'visits' AS channel, toInt64(sum(completed)) AS n FROM visits_daily FINAL WHERE ${where} GROUP BY day
    UNION ALL SELECT toString(day) AS date, 'calls' AS channel, toInt64(sum(calls)) - toInt64(sum(short_abandons)) AS n FROM calls_daily FINAL WHERE ${where} GROUP BY day
    UNION ALL SELECT toString(day) AS date, 'emails' AS channel, toInt64(sum(received)) AS n FROM emails_daily FINAL WHERE ${where} GROUP BY day`;
}

export async function dailyVolumes(wh: Warehouse, p: DailyVolumeParams): Promise<DailyVolume[]> {
  const rows = await wh.query<{ date: string; channel: 'visits' | 'calls' | 'emails'; n: number }>(
    dailyVolumesSql(p),
  );
  const byDay = new Map<string, DailyVolume>();
  for (const date of daysOf(p)) byDay.set(date, { date, visits: 0, calls: 0, emails: 0 });
  for (const r of rows) {
    const d = byDay.get(r.date);
    if (d) d[r.channel] = Number(r.n);
  }
  return [...byDay.values()];
}
