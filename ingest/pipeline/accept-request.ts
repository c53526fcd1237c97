/**
 * Everything the receiver does with one request body that needs CPU and no I/O: parse,
 * validate, normalise and serialise to spool lines. Pure, so it runs the same inline or
 * in a worker thread (`accept-pool.ts`), and its result crosses threads as plain data.
 */
import { acceptItems, batchRow, type RejectAnswer } from './accept.ts';
import { spoolLine, type RowsByTable } from '../spool/spool.ts';
import { parseJsonArray, parseNdjson, type BodyError } from './parse-body.ts';

export interface AcceptTask {
  body: Uint8Array;
  ndjson: boolean;
  batchId: string;
  source: string;
  receivedAtMs: number;
}

export type AcceptOutcome =
  | { ok: false; error: BodyError }
  | {
      ok: true;
      /** Spool lines (`table\tday\tjson\n` each) as UTF-8, ready to append: encoded here,
       * on the worker, so the main thread only writes bytes. */
      data: Uint8Array;
      /** The same rows by table, for the writer (see Spool.append). */
      rows: RowsByTable;
      lines: number;
      accepted: number;
      acceptedByTable: Record<string, number>;
      rejectedByReason: Record<string, number>;
      answers: RejectAnswer[];
    };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function acceptRequest(task: AcceptTask): AcceptOutcome {
  const text = decoder.decode(task.body);
  const parsed = task.ndjson ? parseNdjson(text) : parseJsonArray(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const ctx = {
    batchId: task.batchId,
    source: task.source,
    channel: 'api' as const,
    receivedAt: new Date(task.receivedAtMs),
  };
  const result = acceptItems(parsed.items, ctx);
  const acceptedByTable: Record<string, number> = {};
  const rejectedByReason: Record<string, number> = {};
  const byTable = new Map<string, { json: string[]; days: Set<string> }>();
  let data = '';
  const add = (table: string, row: Record<string, unknown>) => {
    const day = typeof row.day === 'string' ? row.day : '';
    const json = JSON.stringify(row);
    data += spoolLine(table, day, json);
    let t = byTable.get(table);
    if (!t) byTable.set(table, (t = { json: [], days: new Set() }));
    t.json.push(json);
    if (day) t.days.add(day);
  };
  for (const r of result.rows) {
    add(r.table, r.row);
    acceptedByTable[r.table] = (acceptedByTable[r.table] ?? 0) + 1;
  }
  for (const r of result.rejects) {
    add('rejects', { ...r });
    rejectedByReason[r.reason] = (rejectedByReason[r.reason] ?? 0) + 1;
  }
  add(
    'ingest_batches',
    batchRow(ctx, result.rows.length, result.rejects.length, task.body.byteLength),
  );
  const rows: RowsByTable = {};
  for (const [table, t] of byTable) rows[table] = { json: t.json.join('\n'), days: [...t.days] };
  return {
    ok: true,
    data: encoder.encode(data),
    rows,
    lines: result.rows.length + result.rejects.length + 1,
    accepted: result.rows.length,
    acceptedByTable,
    rejectedByReason,
    answers: result.answers,
  };
}
