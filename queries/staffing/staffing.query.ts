/**
 * Staff needed on a day, per 30-minute interval, against the duty roster: the 115 line by
 * Erlang C against the 115 service level (configured share within the registry's 30 s),
 * walk-ins at the counters by the same model against the walk-in wait target (configured
 * share within 15 min) plus the desks the expected appointments occupy, and the mailbox as
 * working hours to answer within 24 h. Shrinkage configurable.
 */
import { addDays, isoWeekday, type LocalDate } from '../../calendar/local-date.ts';
import { berlinToUtc, toBerlinIso } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';
import { dailyForecast } from '../forecast/forecast.query.ts';
import { rosterOfDay } from '../roster/roster-day.query.ts';
import { callMeasures, VISIT } from '../shared/sql-parts.ts';
import { kpiSettings } from '../targets.ts';
import { percentText, THRESHOLDS } from '../kpis/definitions.ts';
import { CALL_KPIS, callColumns, columnsSql, countsOf } from '../kpis/measures.ts';
import { erlangStaffing } from '../../maths/erlang-c.ts';

export interface StaffingParams {
  date: LocalDate;
  /** Last day with data (forecasts start after it). */
  until: LocalDate;
  site?: string;
  shrinkage?: number;
  callTarget?: { serviceLevel: number; seconds: number };
  counterTarget?: { serviceLevel: number; seconds: number };
  emailMinutes?: number;
}

export interface StaffingInterval {
  start: string;
  calls: number;
  callAgents: number;
  rosterPhone: number;
  walkIns: number;
  appointments: number;
  counterStaff: number;
  rosterCounters: number;
  phoneShort: boolean;
  countersShort: boolean;
}

export interface StaffingResult {
  date: LocalDate;
  forecast: { visits: number; calls: number; emails: number };
  ahtSeconds: { calls: number; visits: number };
  intervals: StaffingInterval[];
  email: { hoursNeeded: number; rosterHours: number; short: boolean };
  assumptions: string[];
}

const COUNTER_TEAMS = new Set(['melde-pass', 'kfz', 'fahrerlaubnis', 'haendler']);
const TIME_COLUMNS = { offered_at: sql`offered_at`, arrived_at: sql`arrived_at` };

interface Profile {
  slot: number;
  calls: number;
  walkins: number;
  appointments: number;
}

/** Share of the day's contacts per half hour (by minute of the local day), from the last 8 same weekdays. */
async function intradayProfile(wh: Warehouse, date: LocalDate, site?: string) {
  const days = Array.from({ length: 8 }, (_, k) => addDays(date, -7 * (k + 1)));
  const dayList = lit.inList(days, lit.date);
  const siteSql = site ? sql` AND site = ${lit.string(site)}` : sql``;
  const slot = (col: keyof typeof TIME_COLUMNS) =>
    sql`intDiv(toHour(${TIME_COLUMNS[col]}, 'Europe/Berlin') * 60 + toMinute(${TIME_COLUMNS[col]}, 'Europe/Berlin'), 30)`;
  const shortAbandonSeconds = kpiSettings().shortAbandonSeconds;
  const c = callMeasures(shortAbandonSeconds);
  const columns = callColumns(shortAbandonSeconds);
  const [calls, visits, callCounts, visitAhts] = await Promise.all([
    wh.query<{ s: number; n: number }>(
      sql`SELECT ${slot('offered_at')} AS s, count() AS n FROM calls FINAL WHERE day IN ${dayList} AND deleted = 0${siteSql} AND NOT ifNull(${c.shortAbandon}, 0) GROUP BY s`,
    ),
    wh.query<{
      s: number;
      walk: number;
      appt: number;
    }>(sql`SELECT ${slot('arrived_at')} AS s, countIf(isNull(slot_start)) AS walk, countIf(isNotNull(slot_start)) AS appt
      FROM visits FINAL WHERE day IN ${dayList} AND deleted = 0${siteSql} AND ${VISIT.completed} AND isNotNull(arrived_at) GROUP BY s`),
    wh.query<Record<string, unknown>>(
      sql`SELECT ${columnsSql(columns, 'raw')} FROM calls FINAL WHERE day IN ${dayList} AND deleted = 0${siteSql}`,
    ),
    wh.query<{ visit_aht: number }>(
      sql`SELECT avgIf(toFloat64(ifNull(${VISIT.handleSeconds}, 0)), ${VISIT.completed} AND ${VISIT.hasHandle}) AS visit_aht FROM visits FINAL WHERE day IN ${dayList} AND deleted = 0${siteSql}`,
    ),
  ]);
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0) || 1;
  const callTotal = total(calls.map((r) => Number(r.n)));
  const visitTotal = total(visits.map((r) => Number(r.walk) + Number(r.appt)));
  const slots = new Map<number, Profile>();
  const get = (s: number) =>
    slots.get(s) ?? slots.set(s, { slot: s, calls: 0, walkins: 0, appointments: 0 }).get(s)!;
  for (const r of calls) get(Number(r.s)).calls = Number(r.n) / callTotal;
  for (const r of visits) {
    const p = get(Number(r.s));
    p.walkins = Number(r.walk) / visitTotal;
    p.appointments = Number(r.appt) / visitTotal;
  }
  const callAht = CALL_KPIS.ahtSeconds(countsOf(columns, callCounts[0] ?? {}));
  const visitAht = Number(visitAhts[0]?.visit_aht);
  return {
    profile: [...slots.values()].sort((x, y) => x.slot - y.slot),
    ahtCalls: callAht !== null && callAht > 0 ? callAht : 300,
    ahtVisits: Number.isFinite(visitAht) && visitAht > 0 ? visitAht : 900,
  };
}

function onDuty(
  roster: { team: string; from: string; to: string; persons: number }[],
  teams: (t: string) => boolean,
  hhmm: string,
): number {
  return roster
    .filter((r) => teams(r.team) && r.from <= hhmm && hhmm < r.to)
    .reduce((s, r) => s + r.persons, 0);
}

export async function staffing(wh: Warehouse, p: StaffingParams): Promise<StaffingResult> {
  const shrinkage = p.shrinkage ?? 0.3;
  const { targets } = kpiSettings();
  const callTarget = p.callTarget ?? {
    serviceLevel: targets.serviceLevel,
    seconds: THRESHOLDS.callAnswerSeconds,
  };
  const counterTarget = p.counterTarget ?? {
    serviceLevel: targets.waitedUnder15Share,
    seconds: THRESHOLDS.visitWaitMinutes * 60,
  };
  const emailMinutes = p.emailMinutes ?? 8;
  const horizon = Math.max(1, Math.round((Date.parse(p.date) - Date.parse(p.until)) / 86_400_000));
  const fc = async (channel: 'visits' | 'calls' | 'emails') => {
    const r = await dailyForecast(wh, { channel, horizon, until: p.until, site: p.site });
    return r.forecast.find((f) => f.date === p.date)?.forecast ?? 0;
  };
  const [visits, calls, emails, profile, roster] = await Promise.all([
    fc('visits'),
    fc('calls'),
    fc('emails'),
    intradayProfile(wh, p.date, p.site),
    rosterOfDay(wh, p),
  ]);
  const intervals: StaffingInterval[] = profile.profile.map((s) => {
    const minute = s.slot * 30;
    const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    const nCalls = calls * s.calls;
    const walkIns = visits * s.walkins;
    const appointments = visits * s.appointments;
    const callAgents =
      nCalls >= 0.5
        ? erlangStaffing({
            calls: nCalls,
            intervalSeconds: 1800,
            ahtSeconds: profile.ahtCalls,
            targetServiceLevel: callTarget.serviceLevel,
            targetSeconds: callTarget.seconds,
            shrinkage,
          }).staffWithShrinkage
        : 0;
    const walkInStaff =
      walkIns >= 0.5
        ? erlangStaffing({
            calls: walkIns,
            intervalSeconds: 1800,
            ahtSeconds: profile.ahtVisits,
            targetServiceLevel: counterTarget.serviceLevel,
            targetSeconds: counterTarget.seconds,
            shrinkage,
          }).staffWithShrinkage
        : 0;
    // Each expected appointment occupies one desk for its handling time.
    const appointmentDesks = Math.ceil(
      (appointments * profile.ahtVisits) / 1800 / (1 - shrinkage) - 1e-9,
    );
    const rosterPhone = onDuty(roster, (t) => t === 'telefon', hhmm);
    const rosterCounters = onDuty(roster, (t) => COUNTER_TEAMS.has(t), hhmm);
    const counterStaff = walkInStaff + appointmentDesks;
    return {
      start: toBerlinIso(new Date(berlinToUtc(p.date, minute * 60).getTime())),
      calls: nCalls,
      callAgents,
      rosterPhone,
      walkIns,
      appointments,
      counterStaff,
      rosterCounters,
      phoneShort: callAgents > rosterPhone,
      countersShort: counterStaff > rosterCounters,
    };
  });
  const emailHours = (emails * emailMinutes) / 60 / (1 - shrinkage);
  const emailRoster = roster
    .filter((r) => r.team === 'email')
    .reduce((s, r) => s + (r.persons * (minutesOf(r.to) - minutesOf(r.from))) / 60, 0);
  return {
    date: p.date,
    forecast: { visits, calls, emails },
    ahtSeconds: { calls: profile.ahtCalls, visits: profile.ahtVisits },
    intervals,
    email: { hoursNeeded: emailHours, rosterHours: emailRoster, short: emailHours > emailRoster },
    assumptions: [
      `115: ${percentText(callTarget.serviceLevel)} binnen ${callTarget.seconds} s`,
      `Schalter (Laufkundschaft): ${percentText(counterTarget.serviceLevel)} binnen ${counterTarget.seconds / 60} min`,
      `Ausfallzeiten (Pausen, Schulung, Krankheit): ${Math.round(shrinkage * 100)} %`,
      `E-Mail: ${emailMinutes} min je Vorgang, Antwort binnen ${THRESHOLDS.emailAnswerHours} h`,
      `Tagesprofil: die letzten acht ${['Montage', 'Dienstage', 'Mittwoche', 'Donnerstage', 'Freitage', 'Samstage', 'Sonntage'][isoWeekday(p.date) - 1]}`,
    ],
  };
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
