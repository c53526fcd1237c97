/**
 * The mapping file of `lagebild import`: how the columns of an export (queue system,
 * telephone CDRs, mail system, duty roster) become fields of the contract (design.md).
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { z } from 'zod';

export const IMPORT_TYPES = [
  'visit',
  'call',
  'email',
  'online',
  'roster',
  'annotation',
  'issuance',
  'slot-plan',
  'failed-search',
] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const mappingSchema = z
  .strictObject({
    type: z.enum(IMPORT_TYPES),
    delimiter: z.string().min(1).max(4).default(';'),
    quote: z.string().length(1).default('"'),
    encoding: z
      .string()
      .default('utf-8')
      .refine((e) => iconv.encodingExists(e), 'unknown encoding'),
    header: z.boolean().default(true),
    timezone: z.string().default('Europe/Berlin'),
    /** date-fns tokens for date-times, e.g. "dd.MM.yyyy HH:mm:ss". */
    dateFormat: z.string().min(1).default("yyyy-MM-dd'T'HH:mm:ssXXX"),
    /** date-fns tokens for plain days (`date` of the roster, annotations, slot plans, failed searches). */
    dayFormat: z.string().min(1).default('yyyy-MM-dd'),
    decimalComma: z.boolean().default(false),
    /** Separator of several codes in one cell (`services`). */
    listSeparator: z.string().min(1).default(','),
    /** Contract field (dotted for nested, e.g. `appointment.slotStart`) → column name, or 1-based column number without header. */
    fields: z.record(z.string(), z.union([z.string().min(1), z.number().int().positive()])),
    values: z.record(z.string(), z.record(z.string(), scalar)).default({}),
    constants: z.record(z.string(), scalar).default({}),
  })
  .refine((m) => Object.keys(m.fields).length > 0, {
    message: 'fields must map at least one column',
    path: ['fields'],
  });

export type Mapping = z.infer<typeof mappingSchema>;

export class MappingError extends Error {}

export function loadMapping(path: string): Mapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new MappingError(`Mapping ${path}: ${(err as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new MappingError(`Mapping ${path}: ${i.path.join('.') || '(Datei)'}: ${i.message}`);
  }
  try {
    new Intl.DateTimeFormat('de-DE', { timeZone: parsed.data.timezone });
  } catch {
    throw new MappingError(
      `Mapping ${path}: timezone: unbekannte Zeitzone "${parsed.data.timezone}"`,
    );
  }
  return parsed.data;
}
