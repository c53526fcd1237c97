/** Weekday × hour heatmap in local time: average contacts per hour slot over the range. */
import type { Warehouse } from '../../warehouse/client.ts';
import { sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { eventsIn } from '../shared/sql-parts.ts';

export type Channel = 'visits' | 'calls' | 'emails';
export const CHANNELS: readonly Channel[] = ['visits', 'calls', 'emails'];

export interface WeekdayHourCell {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  contacts: number;
}

const TIME_COLUMN: Record<Channel, Sql> = {
  visits: sql`arrived_at`,
  calls: sql`offered_at`,
  emails: sql`received_at`,
};

export function weekdayHourSql(p: DateRange & { site?: string; channel: Channel }): Sql {
  const ts = TIME_COLUMN[p.channel];
  const filter =
    p.channel === 'visits' ? sql` WHERE outcome = 'completed' AND isNotNull(arrived_at)` : sql``;
  return sql`SELECT toDayOfWeek(toTimeZone(${ts}, 'Europe/Berlin')) AS weekday, toHour(${ts}, 'Europe/Berlin') AS hour, count() AS contacts
    FROM ${eventsIn(p.channel, p, p)}${filter} GROUP BY weekday, hour ORDER BY weekday, hour`;
}

export async function weekdayHour(
  wh: Warehouse,
  p: DateRange & { site?: string; channel: Channel },
): Promise<WeekdayHourCell[]> {
  const rows = await wh.query<WeekdayHourCell>(weekdayHourSql(p));
  return rows.map((r) => ({
    weekday: Number(r.weekday),
    hour: Number(r.hour),
    contacts: Number(r.contacts),
  }));
}
