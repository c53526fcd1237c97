/**
 * Everything the receiver does with one request body that needs CPU and no I/O: parse,
 * validate, normalise and serialise to the bytes that go to the spool and on to ClickHouse.
 * Pure, so it runs the same inline or in a worker thread (`accept-pool.ts`); its result
 * crosses threads as plain data, the row bytes moved rather than copied.
 */
import { acceptItems, batchRow, type RejectAnswer } from './accept.ts';
import type { SpoolBlock } from '../spool/segment-format.ts';
import { tsvLine } from '../../warehouse/tab-separated.ts';
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
      /** Per table the rows as TabSeparated bytes: encoded here, on the worker, so the
       * main thread only passes bytes on (to the spool file, then to ClickHouse). */
      blocks: SpoolBlock[];
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
  const byTable = new Map<
    string,
    { text: string; rows: number; days: Set<string>; columns: string[] }
  >();
  // A table's rows all come from one row builder, so its first row names the columns.
  const add = (table: string, row: Record<string, unknown>) => {
    let t = byTable.get(table);
    if (!t)
      byTable.set(table, (t = { text: '', rows: 0, days: new Set(), columns: Object.keys(row) }));
    t.text += tsvLine(row, t.columns);
    t.rows++;
    if (typeof row.day === 'string') t.days.add(row.day);
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
  const blocks = [...byTable].map(([table, t]) => ({
    table,
    rows: t.rows,
    days: [...t.days],
    columns: t.columns,
    data: encoder.encode(t.text),
  }));
  return {
    ok: true,
    blocks,
    accepted: result.rows.length,
    acceptedByTable,
    rejectedByReason,
    answers: result.answers,
  };
}
