import type { LocalDate } from '../calendar/local-date.ts';
import { schoolHolidayOn } from '../calendar/school-holidays.ts';
import type { RosterEntry, RosterTeam } from '../domain/contract/roster.ts';
import { clockText, hm } from './clock.ts';
import type { Random } from './random.ts';

/**
 * Doors and counters open at 8:00, after the team leads' 7:45 briefing; on the long Thursday
 * until 18:00, otherwise afternoons are back-office.
 */
export const COUNTER_OPENS = hm(8);
export function counterCloses(weekday: number): number {
  return weekday === 4 ? hm(18) : hm(13);
}

/** The 115 line is staffed Monday to Friday 8–18. */
export const LINE_OPENS = hm(8);
export const LINE_CLOSES = hm(18);

/** One block of duty: `persons` people of `team` from `from` to `to` (seconds of the day). */
export interface Shift {
  team: RosterTeam;
  from: number;
  to: number;
  persons: number;
}

interface Planned {
  team: RosterTeam;
  from: number;
  to: number;
  /** Headcount of the base office; scaled with the site's volume. */
  persons: number;
}

// 24 counter advisors, 4 at the dealer desk, 2 at reception, 2 handing out documents.
const MORNING: readonly Planned[] = [
  { team: 'melde-pass', from: COUNTER_OPENS, to: hm(13), persons: 15 },
  { team: 'kfz', from: COUNTER_OPENS, to: hm(13), persons: 6 },
  { team: 'fahrerlaubnis', from: COUNTER_OPENS, to: hm(13), persons: 3 },
  { team: 'haendler', from: COUNTER_OPENS, to: hm(13), persons: 4 },
  { team: 'empfang', from: COUNTER_OPENS, to: hm(13), persons: 2 },
  { team: 'ausgabe', from: COUNTER_OPENS, to: hm(13), persons: 2 },
  { team: 'telefon', from: LINE_OPENS, to: hm(13), persons: 4 },
  { team: 'telefon', from: hm(13), to: LINE_CLOSES, persons: 2 },
  { team: 'email', from: hm(8), to: hm(16), persons: 2 },
];

// The late shift of the long Thursday: about half the counter staff.
const THURSDAY_LATE: readonly Planned[] = [
  { team: 'melde-pass', from: hm(13), to: hm(18), persons: 8 },
  { team: 'kfz', from: hm(13), to: hm(18), persons: 3 },
  { team: 'fahrerlaubnis', from: hm(13), to: hm(18), persons: 2 },
  { team: 'haendler', from: hm(13), to: hm(18), persons: 2 },
  { team: 'empfang', from: hm(13), to: hm(18), persons: 1 },
  { team: 'ausgabe', from: hm(13), to: hm(18), persons: 1 },
];

/**
 * Share of a team's posts left empty (leave, illness): more when the schools are off. The
 * counter teams' larger pools (staff.ts) cover planned leave on a normal day, so there only
 * illness at short notice thins the roster.
 */
function absenceRate(d: LocalDate, team: RosterTeam): number {
  const holidays = schoolHolidayOn(d);
  if (holidays?.kind === 'sommer') return 0.16;
  if (holidays?.kind === 'weihnachten') return 0.15;
  return team === 'telefon' || team === 'email' ? 0.08 : 0.05;
}

/** The duty roster of a working day at a site whose volume is `volume` × the base office. */
export function planShifts(d: LocalDate, weekday: number, volume: number, random: Random): Shift[] {
  const plan = weekday === 4 ? [...MORNING, ...THURSDAY_LATE] : MORNING;
  return plan.map((p) => {
    const planned = Math.max(1, Math.round(p.persons * volume));
    // Absence thins the roster but never empties a post.
    const persons = Math.max(1, planned - random.binomial(planned, absenceRate(d, p.team)));
    return { team: p.team, from: p.from, to: p.to, persons };
  });
}

/** Headcount a site plans for a team at full strength: desks and staff pools are sized by it. */
export function plannedHeadcount(team: RosterTeam, volume: number): number {
  const base = Math.max(...MORNING.filter((p) => p.team === team).map((p) => p.persons));
  return Math.max(1, Math.round(base * volume));
}

export function rosterEntries(d: LocalDate, site: string, shifts: readonly Shift[]): RosterEntry[] {
  return shifts.map((s) => ({
    date: d,
    site,
    team: s.team,
    from: clockText(s.from),
    to: clockText(s.to),
    persons: s.persons,
  }));
}
