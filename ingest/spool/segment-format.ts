/**
 * The spool's file format. A segment is a sequence of records, one per accepted request:
 * a header line `@{"at":…,"blocks":[[table, rows, bytes, days, columns], …]}\n`, then the
 * blocks' bytes — per table the rows as TabSeparated lines in the order of `columns`,
 * exactly as they go to ClickHouse. The writer passes the bytes through without splitting
 * or parsing a row, and a record cut off by a crash mid-write shows by its length.
 *
 * Older segments are still read, so an update never strands what an older version
 * spooled: records without `columns` hold JSONEachRow lines, and the first format had one
 * `table\tday\tjson` line per row.
 */

/** One table's rows of a request, each line ending with a newline. */
export interface SpoolBlock {
  table: string;
  rows: number;
  /** The local days the rows belong to (for the daily rollups). */
  days: string[];
  /** TabSeparated in this column order; null: JSONEachRow (segments of older versions). */
  columns: readonly string[] | null;
  data: Uint8Array;
}

export interface SpoolRecord {
  /** When the request was received: the rows' `ingested_at`; null in old segments. */
  receivedAtMs: number | null;
  blocks: SpoolBlock[];
}

export interface ParsedSegment {
  records: SpoolRecord[];
  /** Records (or old-format lines) cut off by a crash mid-write: never acknowledged. */
  torn: number;
}

type HeaderBlock =
  | [table: string, rows: number, bytes: number, days: string[]]
  | [table: string, rows: number, bytes: number, days: string[], columns: string[]];

const AT = 0x40; // '@'
const NEWLINE = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function recordRows(record: SpoolRecord): number {
  let n = 0;
  for (const b of record.blocks) n += b.rows;
  return n;
}

/** The header line of a record; its blocks' data follow it in the file, in order. */
export function recordHeader(record: SpoolRecord): Uint8Array {
  const blocks: HeaderBlock[] = record.blocks.map((b) =>
    b.columns
      ? [b.table, b.rows, b.data.byteLength, b.days, [...b.columns]]
      : [b.table, b.rows, b.data.byteLength, b.days],
  );
  return encoder.encode(`@${JSON.stringify({ at: record.receivedAtMs, blocks })}\n`);
}

const isStrings = (x: unknown): x is string[] =>
  Array.isArray(x) && x.every((d) => typeof d === 'string');

function isHeaderBlock(x: unknown): x is HeaderBlock {
  return (
    Array.isArray(x) &&
    (x.length === 4 || (x.length === 5 && isStrings(x[4]) && x[4].length > 0)) &&
    typeof x[0] === 'string' &&
    Number.isInteger(x[1]) &&
    Number.isInteger(x[2]) &&
    isStrings(x[3])
  );
}

function parseHeader(text: string): { at: number | null; blocks: HeaderBlock[] } | null {
  try {
    const h = JSON.parse(text) as { at?: unknown; blocks?: unknown };
    const at = typeof h.at === 'number' ? h.at : null;
    if (!Array.isArray(h.blocks) || !h.blocks.every(isHeaderBlock)) return null;
    return { at, blocks: h.blocks };
  } catch {
    return null;
  }
}

/** Reads a segment file's content. Block data are views into `buf`, not copies. */
export function parseSegment(buf: Uint8Array): ParsedSegment {
  if (buf.byteLength > 0 && buf[0] !== AT) return parseLineSegment(decoder.decode(buf));
  const records: SpoolRecord[] = [];
  let pos = 0;
  while (pos < buf.byteLength) {
    const end = buf.indexOf(NEWLINE, pos);
    const header =
      end < 0 || buf[pos] !== AT ? null : parseHeader(decoder.decode(buf.subarray(pos + 1, end)));
    const size = header ? header.blocks.reduce((s, b) => s + b[2], 0) : 0;
    // Whatever follows an incomplete record was written by the same interrupted write.
    if (!header || end + 1 + size > buf.byteLength) return { records, torn: 1 };
    let at = end + 1;
    const blocks: SpoolBlock[] = header.blocks.map(([table, rows, bytes, days, columns]) => {
      const data = buf.subarray(at, at + bytes);
      at += bytes;
      return { table, rows, days, columns: columns ?? null, data };
    });
    records.push({ receivedAtMs: header.at, blocks });
    pos = at;
  }
  return { records, torn: 0 };
}

/** The format before records: `table\tday\tjson` per row; a torn last line lacks its `}`. */
function parseLineSegment(text: string): ParsedSegment {
  const byTable = new Map<string, { lines: string[]; days: Set<string> }>();
  let torn = 0;
  for (const raw of text.split('\n')) {
    if (raw.length === 0) continue;
    const a = raw.indexOf('\t');
    const b = raw.indexOf('\t', a + 1);
    if (a <= 0 || b < 0 || !raw.endsWith('}')) {
      torn++;
      continue;
    }
    const table = raw.slice(0, a);
    let t = byTable.get(table);
    if (!t) byTable.set(table, (t = { lines: [], days: new Set() }));
    t.lines.push(raw.slice(b + 1));
    if (b > a + 1) t.days.add(raw.slice(a + 1, b));
  }
  const blocks = [...byTable].map(([table, t]) => ({
    table,
    rows: t.lines.length,
    days: [...t.days],
    columns: null,
    data: encoder.encode(`${t.lines.join('\n')}\n`),
  }));
  return { records: blocks.length > 0 ? [{ receivedAtMs: null, blocks }] : [], torn };
}

/** Blocks of one table whose keys match can go into one insert: same format and columns. */
export function rowFormatKey(columns: readonly string[] | null): string {
  return columns ? columns.join(',') : 'JSONEachRow';
}
