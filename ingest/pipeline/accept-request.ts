/**
 * Everything the receiver does with one request body that needs CPU and no I/O: parse,
 * validate, normalise and serialise to the bytes that go to the spool and on to ClickHouse.
 * Pure, so it runs the same inline or in a worker thread (`accept-pool.ts`); its result
 * crosses threads as plain data, the row bytes moved rather than copied.
 */
import { batchRow, itemAcceptor, type RejectAnswer } from './accept.ts';
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
  const ctx = {
    batchId: task.batchId,
    source: task.source,
    channel: 'api' as const,
    receivedAt: new Date(task.receivedAtMs),
  };
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
  let accepted = 0;
  const acceptedByTable: Record<string, number> = {};
  const rejectedByReason: Record<string, number> = {};
  const answers: RejectAnswer[] = [];
  // Each item is serialised as soon as it is decided: nothing of it stays alive for the
  // rest of the body, which keeps the worker's garbage collection short.
  const accept = itemAcceptor(ctx, {
    row(table, row) {
      add(table, row);
      accepted++;
      acceptedByTable[table] = (acceptedByTable[table] ?? 0) + 1;
    },
    reject(row, answer) {
      add('rejects', { ...row });
      answers.push(answer);
      rejectedByReason[row.reason] = (rejectedByReason[row.reason] ?? 0) + 1;
    },
  });
  if (task.ndjson) {
    const parsed = parseNdjson(text, accept);
    if (!parsed.ok) return { ok: false, error: parsed.error };
  } else {
    const parsed = parseJsonArray(text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    for (const item of parsed.items) accept(item);
  }
  add('ingest_batches', batchRow(ctx, accepted, answers.length, task.body.byteLength));
  const blocks = [...byTable].map(([table, t]) => ({
    table,
    rows: t.rows,
    days: [...t.days],
    columns: t.columns,
    data: encoder.encode(t.text),
  }));
  return { ok: true, blocks, accepted, acceptedByTable, rejectedByReason, answers };
}
