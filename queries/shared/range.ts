/**
 * Typed parameters shared by the KPI queries. Bad values raise `ParamError` naming the
 * parameter, which the read API turns into a 400.
 */
import { addDays, daysBetween, isLocalDate, type LocalDate } from '../../calendar/local-date.ts';
import { TEAMS, type Team } from '../../domain/contract/common.ts';
import { berlinToUtc } from '../../calendar/berlin-time.ts';

export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
  }
}

export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

export interface Scope {
  site?: string;
  team?: Team;
}

export const MAX_RANGE_DAYS = 10 * 366;

export function parseDate(value: string | null | undefined, param: string): LocalDate {
  if (value === null || value === undefined || value === '')
    throw new ParamError(param, 'required (YYYY-MM-DD)');
  if (!isLocalDate(value)) throw new ParamError(param, `"${value}" is not a date YYYY-MM-DD`);
  return value;
}

export function parseRange(
  from: string | null | undefined,
  to: string | null | undefined,
): DateRange {
  const range = { from: parseDate(from, 'from'), to: parseDate(to, 'to') };
  if (range.from > range.to) throw new ParamError('from', `${range.from} is after to ${range.to}`);
  if (daysBetween(range.from, range.to) >= MAX_RANGE_DAYS)
    throw new ParamError('to', 'range longer than 10 years');
  return range;
}

export function parseTeam(value: string | null | undefined): Team | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!TEAMS.includes(value as Team))
    throw new ParamError('team', `unknown team "${value}" (${TEAMS.join(', ')})`);
  return value as Team;
}

/** The UTC instant at which the local day after `to` begins: the end of the range. */
export function rangeEndInstant(to: LocalDate): Date {
  return berlinToUtc(addDays(to, 1), 0);
}

export function* daysOf(range: DateRange): Generator<LocalDate> {
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) yield d;
}
