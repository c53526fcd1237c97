import { addDays, daysBetween, eachDay, isoWeekday, yearOf } from '../calendar/local-date.ts';
import type { LocalDate } from '../calendar/local-date.ts';
import { isPublicHoliday } from '../calendar/public-holidays.ts';
import { schoolHolidayOn, summerHolidays } from '../calendar/school-holidays.ts';
import { isBridgeDay, isWorkingDay } from '../calendar/working-days.ts';
import { counterShare, demandFactor } from './lasting-changes.ts';
import { SERVICES, TRAVEL_DOCUMENTS } from './services.ts';

/**
 * Yearly volumes of the model office (design.md). The visit target counts *completed*
 * visits, the "contacts" KPI of the dashboard; no-shows, cancellations, referrals and
 * walk-ins who left come on top (about 15 % more visit events). They are the volumes
 * before any service went online: what moved online since comes off them for good.
 */
export const YEARLY_TARGETS = { completedVisits: 108_000, calls: 41_000, emails: 15_000 };

/** Days before the summer holidays in which expired passports and IDs pile up. */
const RUSH_DAYS = 42;

// Index = ISO weekday (1 = Monday). Monday and the long Thursday are the busy counter days.
const VISIT_WEEKDAY = [0, 1.12, 1.0, 0.85, 1.18, 0.82, 0, 0];
const CALL_WEEKDAY = [0, 1.25, 1.05, 0.95, 0.95, 0.8, 0, 0];
// Mail keeps arriving at weekends and on holidays, just less of it.
const EMAIL_WEEKDAY = [0, 1.15, 1.05, 1.0, 1.0, 0.95, 0.4, 0.35];
const EMAIL_HOLIDAY = 0.4;
// Index = month - 1: spring and autumn a little busier, summer and December quieter.
const MONTH = [1.05, 1.03, 1.05, 1.0, 1.0, 1.0, 0.97, 0.95, 1.03, 1.02, 1.0, 0.95];

/** Demand factor of PA-ANTRAG, PASS-ANTRAG and KIND-PASS on a day, relative to normal. */
function travelDocumentFactor(d: LocalDate): number {
  const summer = summerHolidays(yearOf(d));
  if (!summer) return 1;
  if (summer.from <= d && d <= summer.to) return 0.75;
  const before = daysBetween(d, summer.from);
  // The rush builds up towards the first day of the holidays.
  if (before >= 1 && before <= RUSH_DAYS)
    return 1.3 + (0.3 * (RUSH_DAYS - before)) / (RUSH_DAYS - 1);
  return 1;
}

/**
 * The visit-weight multiplier of each service (same order as SERVICES) on a day; with
 * `lessOnline`, less what is done online instead of at the counter.
 */
function serviceFactors(d: LocalDate, lessOnline = true): Float64Array {
  const travel = travelDocumentFactor(d);
  return Float64Array.from(
    SERVICES,
    (p) =>
      (TRAVEL_DOCUMENTS.has(p.code) ? travel : 1) *
      demandFactor(p.code, d) *
      (lessOnline ? counterShare(p.code, d) : 1),
  );
}

const BASE_WEIGHT = SERVICES.reduce((sum, p) => sum + p.visitWeight, 0);

/** How much the day's service mix raises overall demand (the passport rush adds visits). */
function mixFactor(factors: Float64Array): number {
  let sum = 0;
  SERVICES.forEach((p, i) => (sum += p.visitWeight * (factors[i] as number)));
  return sum / BASE_WEIGHT;
}

/** Everything but the weekday: month, school holidays, bridge days, the Christmas lull. */
function seasonFactor(d: LocalDate): number {
  let f = MONTH[Number(d.slice(5, 7)) - 1] as number;
  const holidays = schoolHolidayOn(d);
  if (holidays) f *= holidays.kind === 'sommer' ? 0.88 : 0.93;
  if (isBridgeDay(d)) f *= 0.7;
  // Whatever could not be done on the holiday comes the day after.
  else if (isWorkingDay(d) && isPublicHoliday(addDays(d, -1))) f *= 1.1;
  const monthDay = d.slice(5);
  if (monthDay >= '12-24') f *= 0.45;
  else if (monthDay >= '12-15') f *= 0.9;
  else if (monthDay === '01-02') f *= 0.8;
  return f;
}

interface RawFactors {
  visits: number;
  calls: number;
  emails: number;
}

function rawFactors(d: LocalDate, factors: Float64Array): RawFactors {
  const weekday = isoWeekday(d);
  const demand = seasonFactor(d) * mixFactor(factors);
  // Phone and mail react to the season more weakly than the counters.
  const weak = Math.sqrt(demand);
  const working = isWorkingDay(d);
  return {
    visits: working ? (VISIT_WEEKDAY[weekday] as number) * demand : 0,
    calls: working ? (CALL_WEEKDAY[weekday] as number) * weak : 0,
    emails: (EMAIL_WEEKDAY[weekday] as number) * (isPublicHoliday(d) ? EMAIL_HOLIDAY : 1) * weak,
  };
}

const yearSums = new Map<number, RawFactors>();

/**
 * Sum of the day factors of a year before online services, so every year hits its target
 * whatever its holidays, less what went online.
 */
function sumsOfYear(year: number): RawFactors {
  let sums = yearSums.get(year);
  if (!sums) {
    sums = { visits: 0, calls: 0, emails: 0 };
    for (const d of eachDay(`${year}-01-01`, `${year}-12-31`)) {
      const raw = rawFactors(d, serviceFactors(d, false));
      sums.visits += raw.visits;
      sums.calls += raw.calls;
      sums.emails += raw.emails;
    }
    yearSums.set(year, sums);
  }
  return sums;
}

/** Expected volumes of one day at one base office, before the day's own random variation. */
export interface DayProfile {
  date: LocalDate;
  working: boolean;
  weekday: number;
  /** Visit-weight multiplier per service, in SERVICES order. */
  serviceFactors: Float64Array;
  completedVisits: number;
  calls: number;
  emails: number;
}

export function dayProfile(d: LocalDate): DayProfile {
  const factors = serviceFactors(d);
  const raw = rawFactors(d, factors);
  const sums = sumsOfYear(yearOf(d));
  return {
    date: d,
    working: isWorkingDay(d),
    weekday: isoWeekday(d),
    serviceFactors: factors,
    completedVisits: (YEARLY_TARGETS.completedVisits * raw.visits) / sums.visits,
    calls: (YEARLY_TARGETS.calls * raw.calls) / sums.calls,
    emails: (YEARLY_TARGETS.emails * raw.emails) / sums.emails,
  };
}
