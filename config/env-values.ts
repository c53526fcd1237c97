/**
 * The kinds of value an environment variable holds, as zod schemas over its text. Each says
 * in German what is wrong with a value; environment.ts puts the variable's name and value in
 * front. Unset and empty are the same (`LAGEBILD_PORT= npm start` means the default), except
 * for passwords, where empty is a password.
 */
import { z } from 'zod';

function unlessEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess((raw) => (raw === '' ? undefined : raw), schema);
}

export function text(fallback: string) {
  return unlessEmpty(z.string().default(fallback));
}

/** A text without a default: unset stays unset. */
export function optionalText() {
  return unlessEmpty(z.string().optional());
}

/** A password or token: passed on as given, an empty one included. */
export function secret() {
  return z.string().optional();
}

/** `1` switches on, `0` or unset off. */
export function flag() {
  return unlessEmpty(
    z
      .enum(['0', '1'], { error: 'ist weder 0 noch 1' })
      .default('0')
      .transform((v) => v === '1'),
  );
}

export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) {
  const listed = values.map((v) => `"${v}"`);
  const error = `ist weder ${listed.slice(0, -1).join(', ')} noch ${listed.at(-1)}`;
  return unlessEmpty(z.enum(values, { error }).default(fallback));
}

/** An http(s) URL; may stay unset. */
export function httpUrl() {
  return unlessEmpty(
    z.url({ protocol: /^https?$/, error: 'ist keine http- oder https-URL' }).optional(),
  );
}

export function pattern(regex: RegExp, error: string, fallback: string) {
  return unlessEmpty(z.string().regex(regex, error).default(fallback));
}

/** Like pattern, without a default: unset stays unset. */
export function optionalPattern(regex: RegExp, error: string) {
  return unlessEmpty(z.string().regex(regex, error).optional());
}

interface Range {
  min: number;
  /** Without it, any number from `min` up. */
  max?: number;
  /** Whole numbers only (counts, bytes, milliseconds, ports). */
  whole?: boolean;
}

// Written in decimal, as people write numbers: no hex, no "Infinity", no blanks for zero.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function checkedNumber({ min, max, whole }: Range) {
  const outside =
    max === undefined ? `ist kleiner als ${min}` : `liegt nicht zwischen ${min} und ${max}`;
  let n = z.number({ error: 'ist keine Zahl' }).min(min, outside);
  if (max !== undefined) n = n.max(max, outside);
  return whole ? n.int('ist keine ganze Zahl') : n;
}

/** The one number parser of Lagebild's configuration: decimal text, checked against `range`. */
function decimal(range: Range) {
  return z
    .string()
    .trim()
    .regex(DECIMAL, 'ist keine Zahl')
    .transform(Number)
    .pipe(checkedNumber(range));
}

export function number(range: Range, fallback: number) {
  return unlessEmpty(decimal(range).default(fallback));
}

/** A number without a default: unset stays unset. */
export function optionalNumber(range: Range) {
  return unlessEmpty(decimal(range).optional());
}

/** A TCP port; `allowAny` also takes 0 (the system picks a free one). */
export function port(fallback: number, allowAny = false) {
  return number({ min: allowAny ? 0 : 1, max: 65535, whole: true }, fallback);
}

/** A share such as a KPI target, from 0 to 1. */
export function share(fallback: number) {
  return number({ min: 0, max: 1 }, fallback);
}
