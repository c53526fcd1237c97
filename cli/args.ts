import { InvalidArgumentError } from 'commander';
import { isLocalDate, type LocalDate } from '../calendar/local-date.ts';

/** Option parsers: a bad value becomes one clear line from commander and exit code 2. */
export function dateArg(value: string): LocalDate {
  if (!isLocalDate(value)) throw new InvalidArgumentError('expected a date YYYY-MM-DD.');
  return value;
}

export function intArg(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected an integer.');
  return Number(value);
}

export function positiveNumberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

/** Raised for arguments that are well-formed but wrong together (e.g. --from after --to). */
export class UsageError extends Error {}
