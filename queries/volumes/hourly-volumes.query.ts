/**
 * Contacts per hour over a range of local days. Hours are real hours: the day the clocks go
 * forward has 23 of them, the day they go back 25 (02:00 appears twice, with its offset).
 * From the hourly rollup (migration 0008).
 */
import { berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { rangeEndInstant, type DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';

export interface HourlyVolume {
  /** Start of the hour, local time with offset, e.g. 2026-10-25T02:00:00+02:00. */
  hour: string;
  visits: number;
  calls: number;
  emails: number;
}

export function hourlyVolumesSql(p: DateRange & { site?: string }): Sql {
  return sql`SELECT toUInt32(hour_start) AS t, channel, sum(contacts) AS n FROM contacts_hourly FINAL
    WHERE ${rollupSite(p.site)} AND day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}
    GROUP BY t, channel HAVING n > 0`;
}

export async function hourlyVolumes(
  wh: Warehouse,
  p: DateRange & { site?: string },
): Promise<HourlyVolume[]> {
  const rows = await wh.query<{ t: number; channel: 'visits' | 'calls' | 'emails'; n: number }>(
    hourlyVolumesSql(p),
  );
  const out = new Map<number, HourlyVolume>();
  const end = rangeEndInstant(p.to).getTime();
  for (let t = berlinToUtc(p.from, 0).getTime(); t < end; t += 3_600_000) {
    out.set(t / 1000, { hour: toBerlinIso(new Date(t)), visits: 0, calls: 0, emails: 0 });
  }
  for (const r of rows) {
    const h = out.get(Number(r.t));
    if (h) h[r.channel] = Number(r.n);
  }
  return [...out.values()];
}
