/**
 * Contacts per hour over a range of local days. Hours are real hours: the day the clocks go
 * forward has 23 of them, the day they go back 25 (02:00 appears twice, with its offset).
 */
import { berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { sql, type Sql } from '../../warehouse/literal.ts';
import { rangeEndInstant, type DateRange } from '../shared/range.ts';
import { eventsIn } from '../shared/sql-parts.ts';

export interface HourlyVolume {
  /** Start of the hour, local time with offset, e.g. 2026-10-25T02:00:00+02:00. */
  hour: string;
  visits: number;
  calls: number;
  emails: number;
}

export function hourlyVolumesSql(p: DateRange & { site?: string }): Sql {
  return sql`SELECT toUInt32(toStartOfHour(arrived_at)) AS t, 'visits' AS channel, count() AS n FROM ${eventsIn('visits', p, p)} WHERE outcome = 'completed' AND isNotNull(arrived_at) GROUP BY t
    UNION ALL SELECT toUInt32(toStartOfHour(offered_at)) AS t, 'calls' AS channel, count() AS n FROM ${eventsIn('calls', p, p)} GROUP BY t
    UNION ALL SELECT toUInt32(toStartOfHour(received_at)) AS t, 'emails' AS channel, count() AS n FROM ${eventsIn('emails', p, p)} GROUP BY t`;
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
