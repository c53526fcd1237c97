/**
 * `lagebild import issuances FILE`: monthly issuance counts per document type and site
 * (reference data from the registry's statistics), the input of the renewal waves. A fixed
 * column layout `month;document;issued;site` (or comma-separated), read by the same file
 * import as every export, so a bad row is a reject with its line and the valid rows land.
 * The file's modification time is the version: re-importing a corrected month replaces it.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { DOCUMENT_LABELS, DOCUMENTS, type DocumentType } from '../../queries/forecast/documents.ts';
export type { DocumentType };
import type { Conversion } from '../pipeline/accept.ts';
import type { Mapping } from './mapping.ts';

export interface Issuance {
  /** YYYY-MM */
  month: string;
  document: DocumentType;
  issued: number;
  site: string;
}

export function issuanceRow(i: Issuance, version: number) {
  return { site: i.site, month: `${i.month}-01`, document: i.document, issued: i.issued, version };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_ISSUED = 1_000_000;

function text(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.trim() : undefined;
}

/** Checks one mapped row; the message names each bad field in German. */
export function validateIssuance(
  value: Record<string, unknown>,
): { ok: true; value: Issuance } | { ok: false; missing: boolean; error: string } {
  const errors: string[] = [];
  let missing = false;
  const field = (name: string): string | undefined => {
    const v = text(value[name]);
    if (v === undefined || v === '') {
      missing = true;
      errors.push(`Feld ${name}: fehlt`);
      return undefined;
    }
    return v;
  };
  const month = field('month');
  if (month !== undefined && !MONTH.test(month))
    errors.push(`Feld month: "${month}" ist kein Monat der Form JJJJ-MM`);
  const document = field('document');
  if (document !== undefined && !(DOCUMENTS as readonly string[]).includes(document))
    errors.push(
      `Feld document: "${document}" ist keine Dokumentart (${DOCUMENTS.join(', ')} oder ${Object.values(DOCUMENT_LABELS).join(', ')})`,
    );
  const issued = field('issued');
  if (issued !== undefined && !(/^\d+$/.test(issued) && Number(issued) <= MAX_ISSUED))
    errors.push(`Feld issued: "${issued}" ist keine ganze Zahl von 0 bis ${MAX_ISSUED}`);
  const site = field('site');
  if (site !== undefined && (site.length > 64 || /[\p{Cc}]/u.test(site)))
    errors.push(`Feld site: "${site.slice(0, 64)}" ist kein Standortkürzel`);
  const unknown = Object.keys(value).filter(
    (k) => !['month', 'document', 'issued', 'site'].includes(k),
  );
  for (const k of unknown) errors.push(`Feld ${k}: nicht vorgesehen`);
  if (errors.length) return { ok: false, missing, error: errors.join('; ') };
  return {
    ok: true,
    value: {
      month: month!,
      document: document as DocumentType,
      issued: Number(issued),
      site: site!,
    },
  };
}

export function convertIssuance(value: unknown, receivedAt: Date): Conversion {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'not_an_object', error: 'keine Zeile' };
  const v = validateIssuance(value as Record<string, unknown>);
  return v.ok
    ? { ok: true, table: 'issuances', row: issuanceRow(v.value, receivedAt.getTime()) }
    : { ok: false, reason: v.missing ? 'missing_field' : 'schema', error: v.error };
}

/** The delimiter of the header line: semicolon (German spreadsheets) unless it has none but commas. */
function sniffDelimiter(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return ';'; // the file import names the unreadable file
  }
  try {
    const buf = Buffer.alloc(1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n).toString('utf8').split(/\r?\n/)[0] ?? '';
    return !head.includes(';') && head.includes(',') ? ',' : ';';
  } finally {
    closeSync(fd);
  }
}

/** The built-in mapping of an issuance file: header names are the field names, German document labels accepted. */
export function issuanceMapping(path: string): Mapping {
  return {
    type: 'issuance',
    delimiter: sniffDelimiter(path),
    quote: '"',
    encoding: 'utf-8',
    header: true,
    timezone: 'Europe/Berlin',
    dateFormat: "yyyy-MM-dd'T'HH:mm:ssXXX",
    dayFormat: 'yyyy-MM-dd',
    decimalComma: false,
    listSeparator: ',',
    fields: { month: 'month', document: 'document', issued: 'issued', site: 'site' },
    values: {
      document: Object.fromEntries(DOCUMENTS.map((d) => [DOCUMENT_LABELS[d], d] as const)),
    },
    constants: {},
  };
}
