/** The duty roster of a day per team: people on duty and their hours (briefing outlook). */
import type { LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';

export interface RosterBlock {
  team: string;
  from: string;
  to: string;
  persons: number;
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export async function rosterOfDay(
  wh: Warehouse,
  p: { date: LocalDate; site?: string },
): Promise<RosterBlock[]> {
  const rows = await wh.query<{
    team: string;
    from_minute: number;
    to_minute: number;
    persons: number;
  }>(sql`
    SELECT toString(team) AS team, from_minute, to_minute, sum(persons) AS persons FROM roster FINAL
    WHERE date = ${lit.date(p.date)}${p.site ? sql` AND site = ${lit.string(p.site)}` : sql``}
    GROUP BY team, from_minute, to_minute ORDER BY team, from_minute`);
  return rows.map((r) => ({
    team: r.team,
    from: hhmm(Number(r.from_minute)),
    to: hhmm(Number(r.to_minute)),
    persons: Number(r.persons),
  }));
}
