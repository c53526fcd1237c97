/**
 * When in the day the contacts come: per half hour of the Berlin day its share of the day,
 * from the last 8 same weekdays, defined as the staffing profile defines it (calls by offer
 * without short abandons, visits by the start of their wait, emails by receipt). Used to say
 * how much of today's forecast should have arrived by now.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { callMeasures } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';

export type LiveChannel = 'visits' | 'calls' | 'emails';

/** Share of the day per half hour, keyed by its first minute of the local day (0, 30, … 1410). */
export type DayProfile = Record<LiveChannel, Map<number, number>>;

const HALF_HOUR = sql`intDiv(toHour(t, 'Europe/Berlin') * 60 + toMinute(t, 'Europe/Berlin'), 30) * 30`;

export async function intradayProfile(
  wh: Warehouse,
  date: LocalDate,
  site?: string,
): Promise<DayProfile> {
  const days = Array.from({ length: 8 }, (_, k) => addDays(date, -7 * (k + 1)));
  const where = sql`day IN ${lit.inList(days, lit.date)} AND deleted = 0${site ? sql` AND site = ${lit.string(site)}` : sql``}`;
  const short = callMeasures(kpiSettings().shortAbandonSeconds).shortAbandon;
  const rows = await wh.query<{ channel: LiveChannel; m: number; n: number }>(sql`
    SELECT channel, ${HALF_HOUR} AS m, count() AS n FROM (
      SELECT 'calls' AS channel, offered_at AS t FROM calls FINAL WHERE ${where} AND NOT ifNull(${short}, 0)
      UNION ALL
      SELECT 'visits' AS channel, if(isNull(slot_start), assumeNotNull(arrived_at), greatest(assumeNotNull(arrived_at), assumeNotNull(slot_start))) AS t
        FROM visits FINAL WHERE ${where} AND isNotNull(arrived_at) AND outcome = 'completed'
      UNION ALL
      SELECT 'emails' AS channel, received_at AS t FROM emails FINAL WHERE ${where}
    ) GROUP BY channel, m ORDER BY channel, m`);
  const profile: DayProfile = { visits: new Map(), calls: new Map(), emails: new Map() };
  const totals: Record<LiveChannel, number> = { visits: 0, calls: 0, emails: 0 };
  for (const r of rows) totals[r.channel] += Number(r.n);
  for (const r of rows) profile[r.channel].set(Number(r.m), Number(r.n) / totals[r.channel]);
  return profile;
}
