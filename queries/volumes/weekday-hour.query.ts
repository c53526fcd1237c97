/**
 * Weekday × hour heatmap in local time: contacts per weekday and hour slot over the range,
 * from the hourly rollup (migration 0008; exact, the local hour follows from the UTC hour).
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { rollupSite } from '../shared/sql-parts.ts';

export type Channel = 'visits' | 'calls' | 'emails';
export const CHANNELS: readonly Channel[] = ['visits', 'calls', 'emails'];

export interface WeekdayHourCell {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  contacts: number;
}

export function weekdayHourSql(p: DateRange & { site?: string; channel: Channel }): Sql {
  return sql`SELECT toDayOfWeek(toTimeZone(hour_start, 'Europe/Berlin')) AS weekday, toHour(hour_start, 'Europe/Berlin') AS local_hour, sum(contacts) AS n
    FROM contacts_hourly FINAL
    WHERE ${rollupSite(p.site)} AND channel = ${lit.string(p.channel)} AND day BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}
    GROUP BY weekday, local_hour HAVING n > 0 ORDER BY weekday, local_hour`;
}

export async function weekdayHour(
  wh: Warehouse,
  p: DateRange & { site?: string; channel: Channel },
): Promise<WeekdayHourCell[]> {
  const rows = await wh.query<{ weekday: number; local_hour: number; n: number }>(
    weekdayHourSql(p),
  );
  return rows.map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.local_hour),
    contacts: Number(r.n),
  }));
}
