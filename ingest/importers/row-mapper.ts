/**
 * One CSV record → one contract object, as the mapping says: columns by name (or number
 * without header), cell text translated through `values`, converted by field kind, nested
 * fields from dotted names, `constants` for fields the file lacks. Empty cells are absent.
 */
import type { Mapping } from './mapping.ts';
import {
  BOOLEAN_FIELDS,
  DAY_FIELDS,
  DURATION_FIELDS,
  LIST_FIELDS,
  NUMBER_FIELDS,
  parseBoolean,
  parseDateTime,
  parseDay,
  parseDuration,
  parseList,
  parseNumber,
  TIME_FIELDS,
} from './cell-converters.ts';

export type MappedRow = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let obj = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof obj[key] !== 'object' || obj[key] === null) obj[key] = {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1]!] = value;
}

/** Reference data whose `date` is a plain day, not a date-time. */
const PLAIN_DAY_TYPES = new Set<Mapping['type']>([
  'roster',
  'annotation',
  'slot-plan',
  'failed-search',
]);

function convert(field: string, cell: string, m: Mapping): unknown {
  const translated = m.values[field]?.[cell];
  if (translated !== undefined) return translated;
  // Roster blocks have plain HH:MM times; events have date-times.
  if (m.type !== 'roster' && m.type !== 'annotation' && TIME_FIELDS.has(field))
    return parseDateTime(cell, m.dateFormat, m.timezone);
  if (DAY_FIELDS.has(field) && PLAIN_DAY_TYPES.has(m.type)) return parseDay(cell, m.dayFormat);
  if (DURATION_FIELDS.has(field)) return parseDuration(cell, m.decimalComma);
  if (NUMBER_FIELDS.has(field) || (m.type === 'roster' && field === 'persons'))
    return parseNumber(cell, m.decimalComma);
  if (BOOLEAN_FIELDS.has(field)) return parseBoolean(cell);
  if (LIST_FIELDS.has(field)) return parseList(cell, m.listSeparator);
  return cell;
}

export function mapRecord(record: Record<string, string> | string[], m: Mapping): MappedRow {
  const value: Record<string, unknown> = {};
  if (m.type === 'visit' || m.type === 'call' || m.type === 'email' || m.type === 'online')
    value.type = m.type;
  for (const [field, constant] of Object.entries(m.constants)) setPath(value, field, constant);
  const errors: string[] = [];
  for (const [field, column] of Object.entries(m.fields)) {
    const raw = Array.isArray(record) ? record[Number(column) - 1] : record[String(column)];
    const cell = raw?.trim() ?? '';
    if (cell === '') continue;
    try {
      setPath(value, field, convert(field, cell, m));
    } catch (err) {
      errors.push(`${field} (Spalte "${column}"): ${(err as Error).message}`);
    }
  }
  return errors.length ? { ok: false, error: errors.join('; ') } : { ok: true, value };
}
