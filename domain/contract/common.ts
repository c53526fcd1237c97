import { z } from 'zod';
import { instantMs } from '../../calendar/iso-instant.ts';
import type { RejectReason } from './reject-reasons.ts';
import { isRealDate } from '../../calendar/local-date.ts';

/** The longest any single contact may span (design.md: "no duration over 12 h"). */
export const MAX_DURATION_SECONDS = 12 * 60 * 60;

/** ISO 8601 date-time with an explicit offset or `Z`; a bare local time would be ambiguous. */
export const isoDateTime = z.iso.datetime({ offset: true, local: false });

/** YYYY-MM-DD, checked to be a real calendar day. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => isRealDate(s), 'not a calendar date');

const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * Whether `s` ends in `Z` or `±hh:mm` / `±hhmm` (the regex `(Z|[+-]\d{2}:?\d{2})$`), read
 * from the end: the rules ask it of every timestamp, and an unanchored regex tries each
 * position of the string.
 */
function hasOffset(s: string): boolean {
  const n = s.length;
  if (s.charCodeAt(n - 1) === 90) return true;
  if (!isDigitAt(s, n - 1) || !isDigitAt(s, n - 2)) return false;
  const i = s.charCodeAt(n - 3) === 58 ? n - 4 : n - 3;
  if (!isDigitAt(s, i) || !isDigitAt(s, i - 1)) return false;
  const sign = s.charCodeAt(i - 2);
  return sign === 43 || sign === 45;
}

/** Printable text: no control, format or unassigned code points. */
const printable = /^[^\p{C}]+$/u;

export const eventId = z.string().min(1).max(128).regex(printable, 'only printable characters');
export const site = z.string().min(1).max(64).regex(printable, 'only printable characters');
export const version = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const serviceCode = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." or "-"');
export const shortText = z.string().min(1).max(128).regex(printable, 'only printable characters');
export const seconds = z.number().nonnegative().max(MAX_DURATION_SECONDS);

export const TEAMS = [
  'melde-pass',
  'kfz',
  'fahrerlaubnis',
  'haendler',
  'empfang',
  'ausgabe',
  'partner',
] as const;
export const team = z.enum(TEAMS);
export type Team = z.infer<typeof team>;

/** Fields every event carries, whatever its type. */
export const envelope = {
  id: eventId,
  version: version.optional(),
  site,
};

/**
 * A finding of a cross-field rule. The rules are plain functions so that the compiled fast
 * path (`compiled-validator.ts`) and zod's `superRefine` run the very same code.
 */
export interface RuleIssue {
  path: string[];
  message: string;
  reason: RejectReason;
}

/**
 * The timestamps of an object the rules look at, each read once: milliseconds, or
 * undefined where the field is absent or lacks an offset (only well-formed instants take
 * part; a malformed one has its own issue already).
 */
export interface Instants {
  names: readonly string[];
  ms: readonly (number | undefined)[];
}

export function readInstants(value: Record<string, unknown>, names: readonly string[]): Instants {
  return {
    names,
    ms: names.map((name) => {
      const raw = value[name];
      return typeof raw === 'string' && hasOffset(raw) ? instantMs(raw) : undefined;
    }),
  };
}

/**
 * Checks that the present timestamps named in `order` are in this order and that the
 * whole span stays within `maxSeconds`; reports each violation on the later field (under
 * `at`).
 */
export function timeOrderIssues(
  times: Instants,
  order: readonly string[],
  maxSeconds: number | null,
  out: RuleIssue[],
  at: readonly string[] = [],
): RuleIssue[] {
  let prevName = '';
  let prevT = Number.NaN;
  let firstName = '';
  let firstT = Number.NaN;
  let haveFirst = false;
  for (const name of order) {
    const t = times.ms[times.names.indexOf(name)];
    if (t === undefined) continue;
    if (t < prevT) {
      out.push({
        path: [...at, name],
        message: `must not be before ${prevName}`,
        reason: 'time_order',
      });
    }
    if (maxSeconds !== null && t - firstT > maxSeconds * 1000) {
      out.push({
        path: [...at, name],
        message: `more than ${maxSeconds / 3600} h after ${firstName}`,
        reason: 'duration',
      });
    }
    prevName = name;
    prevT = t;
    if (!haveFirst) {
      haveFirst = true;
      firstName = name;
      firstT = t;
    }
  }
  return out;
}

/** ClickHouse's DateTime holds 1970-01-01 up to early 2106; 18.16 stores anything else as zero. */
const STORABLE_FROM = Date.UTC(1970, 0, 1);
const STORABLE_UNTIL = Date.UTC(2106, 0, 1);

/**
 * Reports instants that storage cannot hold: they would silently become 0000-00-00 (a
 * wrong count on a wrong day) instead of an error anyone sees.
 */
export function storableIssues(
  times: Instants,
  out: RuleIssue[],
  at: readonly string[] = [],
): RuleIssue[] {
  times.names.forEach((name, i) => {
    const t = times.ms[i];
    if (t !== undefined && (t < STORABLE_FROM || t >= STORABLE_UNTIL)) {
      out.push({
        path: [...at, name],
        message: 'outside the storable range (1970 to 2105)',
        reason: 'schema',
      });
    }
  });
  return out;
}

/** Hands a rule's findings to zod, so the detailed (slow) path lists them with the rest. */
export function asRefinement<T>(rules: (value: T) => RuleIssue[]) {
  return (value: T, ctx: z.RefinementCtx): void => {
    for (const issue of rules(value)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
        params: { reason: issue.reason },
      });
    }
  };
}

/**
 * Cross-field rules also run when some fields failed their own checks, so that one
 * answer lists every problem of an item; the rules themselves tolerate bad fields.
 */
export const evenWhenInvalid = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};
