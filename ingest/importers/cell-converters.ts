/**
 * Turns cell text into contract values: date-times in the mapping's format and time zone,
 * numbers with decimal comma, durations given as mm:ss or hh:mm:ss, booleans, code lists.
 * Each converter either returns the value or throws a message naming what was wrong.
 */
import { isValid, parse } from 'date-fns';
import { zonedWallTimeToUtc } from '../../calendar/berlin-time.ts';

/** Contract fields by the kind of value they hold; anything else is text. */
export const TIME_FIELDS = new Set([
  'arrivedAt',
  'calledAt',
  'startedAt',
  'endedAt',
  'appointment.bookedAt',
  'appointment.slotStart',
  'completedAt',
  'offeredAt',
  'answeredAt',
  'receivedAt',
  'firstResponseAt',
  'closedAt',
]);
export const NUMBER_FIELDS = new Set([
  'version',
  'persons',
  'talkSeconds',
  'holdSeconds',
  'wrapSeconds',
  'slots',
  'searches',
]);
export const DURATION_FIELDS = new Set(['talkSeconds', 'holdSeconds', 'wrapSeconds']);
export const BOOLEAN_FIELDS = new Set([
  'transferred',
  'resolvedFirstContact',
  'callbackRequested',
  'resolved',
]);
export const LIST_FIELDS = new Set(['services']);
export const DAY_FIELDS = new Set(['date']);

const REFERENCE = new Date(2000, 0, 1);
const HAS_OFFSET_TOKEN = /(^|[^'])[XxO]/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A date-time cell as ISO 8601 with `Z`. date-fns reads the wall-clock fields; the
 * mapping's zone (cached offsets, DST-correct) turns them into an instant, unless the
 * format itself carries an offset.
 */
export function parseDateTime(cell: string, format: string, zone: string): string {
  const d = parse(cell, format, REFERENCE);
  if (!isValid(d)) throw new Error(`"${cell}" passt nicht zum Datumsformat "${format}"`);
  if (HAS_OFFSET_TOKEN.test(format)) return d.toISOString();
  const wall = Date.UTC(
    d.getFullYear(),
    d.getMonth(),
    d.getDate(),
    d.getHours(),
    d.getMinutes(),
    d.getSeconds(),
    d.getMilliseconds(),
  );
  return zonedWallTimeToUtc(zone, wall).toISOString();
}

export function parseDay(cell: string, format: string): string {
  const d = parse(cell, format, REFERENCE);
  if (!isValid(d)) throw new Error(`"${cell}" passt nicht zum Tagesformat "${format}"`);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function parseNumber(cell: string, decimalComma: boolean): number {
  let text = cell.trim();
  // With a decimal comma, dots are thousands separators ("1.234,5").
  if (decimalComma) text = text.replace(/\./g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`"${cell}" ist keine Zahl`);
  return Number(text);
}

/** Seconds, also from "mm:ss" or "hh:mm:ss" as call-detail records often give them. */
export function parseDuration(cell: string, decimalComma: boolean): number {
  const m = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(cell.trim());
  if (!m) return parseNumber(cell, decimalComma);
  const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  return c === undefined ? a * 60 + b : a * 3600 + b * 60 + c;
}

const TRUE_WORDS = new Set(['true', '1', 'ja', 'j', 'yes', 'y', 'x', 'wahr']);
const FALSE_WORDS = new Set(['false', '0', 'nein', 'n', 'no', 'falsch']);

export function parseBoolean(cell: string): boolean {
  const t = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  throw new Error(`"${cell}" ist kein Ja/Nein-Wert`);
}

export function parseList(cell: string, separator: string): string[] {
  return cell
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
