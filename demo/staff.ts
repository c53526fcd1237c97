import { TEAMS, type Team } from '../domain/contract/common.ts';
import type { Random } from './random.ts';
import { plannedHeadcount, type Shift } from './roster.ts';

/**
 * The counter teams of a site, in the order their desks are numbered: the contract's teams
 * without the partner desks, which the office does not staff.
 */
export const COUNTER_TEAMS: readonly Team[] = TEAMS.filter((t) => t !== 'partner');

/** Desks and (pseudonymous) staff of one site's counter teams. */
export interface SiteStaff {
  desks: ReadonlyMap<Team, readonly string[]>;
  agents: ReadonlyMap<Team, readonly string[]>;
}

/** One person on counter duty: busy until `free`, takes new customers until `end`. */
export interface Server {
  free: number;
  end: number;
  /** Serves on after `end` until the queue is empty (the last shift of the day). */
  closer: boolean;
  retired: boolean;
  desk: string;
  agent: string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Counters are numbered 'Platz 01' … across the advisor teams; reception and hand-out
 * have their own desks. Agent ids carry the site so they stay unique across sites; each
 * team's pool is larger than its headcount because people rotate, go on leave and do
 * the Thursday late shift.
 */
export function siteStaff(siteIndex: number, volume: number): SiteStaff {
  const desks = new Map<Team, string[]>();
  const agents = new Map<Team, string[]>();
  let platz = 0;
  let agent = 0;
  for (const team of COUNTER_TEAMS) {
    const headcount = plannedHeadcount(team, volume);
    desks.set(
      team,
      Array.from({ length: headcount }, (_, i) => {
        if (team === 'empfang') return `Empfang ${i + 1}`;
        if (team === 'ausgabe') return `Ausgabe ${i + 1}`;
        return `Platz ${pad(++platz, 2)}`;
      }),
    );
    agents.set(
      team,
      Array.from(
        { length: Math.ceil(headcount * 1.6) + 1 },
        () => `MA-${pad(siteIndex * 1000 + ++agent, 4)}`,
      ),
    );
  }
  return { desks, agents };
}

/** The servers of one team on one day, from its shifts; desks are reused by the late shift. */
export function teamServers(
  team: Team,
  shifts: readonly Shift[],
  closes: number,
  staff: SiteStaff,
  random: Random,
): Server[] {
  const desks = staff.desks.get(team) ?? [];
  const pool = random.shuffle([...(staff.agents.get(team) ?? [])]);
  const servers: Server[] = [];
  for (const shift of shifts) {
    if (shift.team !== team) continue;
    for (let i = 0; i < shift.persons; i++) {
      servers.push({
        free: shift.from,
        end: shift.to,
        closer: shift.to >= closes,
        retired: false,
        desk: desks[i % desks.length] as string,
        agent: pool[servers.length % pool.length] as string,
      });
    }
  }
  return servers;
}
