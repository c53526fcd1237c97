/**
 * Everything the receiver does with one request body that needs CPU and no I/O: parse,
 * validate, normalise and serialise to spool lines. Pure, so it runs the same inline or
 * in a worker thread (`accept-pool.ts`), and its result crosses threads as plain data.
 */
import { acceptItems, batchRow, type RejectAnswer } from './accept.ts';
import { spoolLineText } from '../spool/spool.ts';
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
  let data = '';
  for (const r of result.rows) {
    data += spoolLineText(r.table, r.row);
    acceptedByTable[r.table] = (acceptedByTable[r.table] ?? 0) + 1;
  }
  for (const r of result.rejects) {
    data += spoolLineText('rejects', { ...r });
    rejectedByReason[r.reason] = (rejectedByReason[r.reason] ?? 0) + 1;
  }
  const batch = batchRow(ctx, result.rows.length, result.rejects.length, task.body.byteLength);
  data += spoolLineText('ingest_batches', batch);
  return {
    ok: true,
    data: encoder.encode(data),
    lines: result.rows.length + result.rejects.length + 1,
    accepted: result.rows.length,
    acceptedByTable,
    rejectedByReason,
    answers: result.answers,
  };
}
