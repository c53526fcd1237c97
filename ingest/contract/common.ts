import { z } from 'zod';

/** The longest any single contact may span (design.md: "no duration over 12 h"). */
export const MAX_DURATION_SECONDS = 12 * 60 * 60;

/** ISO 8601 date-time with an explicit offset or `Z`; a bare local time would be ambiguous. */
export const isoDateTime = z.iso.datetime({ offset: true, local: false });

/** YYYY-MM-DD, checked to be a real calendar day. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => isRealDate(s), 'not a calendar date');

export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

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
 * Checks that the present timestamps of `names` are in this order and that the
 * whole span stays within `maxSeconds`; reports each violation on the later field.
 */
export function checkTimeOrder(
  value: Record<string, unknown>,
  names: readonly string[],
  ctx: z.RefinementCtx,
  maxSeconds: number | null,
): void {
  let prev: { name: string; t: number } | null = null;
  let first: { name: string; t: number } | null = null;
  for (const name of names) {
    const raw = value[name];
    // Only well-formed instants take part; a malformed one has its own issue already.
    if (typeof raw !== 'string' || !HAS_OFFSET.test(raw)) continue;
    const t = Date.parse(raw);
    if (prev && t < prev.t) {
      ctx.addIssue({
        code: 'custom',
        path: name.split('.'),
        message: `must not be before ${prev.name}`,
        params: { reason: 'time_order' },
      });
    }
    if (first && maxSeconds !== null && t - first.t > maxSeconds * 1000) {
      ctx.addIssue({
        code: 'custom',
        path: name.split('.'),
        message: `more than ${maxSeconds / 3600} h after ${first.name}`,
        params: { reason: 'duration' },
      });
    }
    prev = { name, t };
    first ??= { name, t };
  }
}

/**
 * Cross-field rules also run when some fields failed their own checks, so that one
 * answer lists every problem of an item; the rules themselves tolerate bad fields.
 */
export const evenWhenInvalid = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};
