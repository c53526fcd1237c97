/**
 * Validate step for a batch of parsed items (HTTP body or file chunk): valid items become
 * warehouse rows, each invalid one a reject with its raw text and one reason. Shared by the
 * receiver and the file importers, so both apply exactly the same contract.
 */
import { utcDateTimeText } from '../../warehouse/literal.ts';
import { summariseIssues, validateEvent } from '../../domain/contract/event.ts';
import type { RejectReason } from '../../domain/contract/reject-reasons.ts';
import { clip, type ParsedItem } from './parse-body.ts';
import { TABLE_OF, toRow } from './to-row.ts';

export interface BatchContext {
  /** Unique per request or file; makes reject and batch ids stable under replay. */
  batchId: string;
  source: string;
  channel: 'api' | 'file';
  file?: string;
  receivedAt: Date;
}

export interface RejectRow {
  reject_id: string;
  rejected_at: string;
  source: string;
  channel: 'api' | 'file';
  file: string;
  line: number;
  item_index: number;
  event_type: string;
  event_id: string;
  reason: RejectReason;
  error: string;
  raw: string;
}

/** Longest error text kept per reject (the first issues are named, the rest counted). */
export const MAX_ERROR_CHARS = 2_000;

export interface RejectAnswer {
  index: number;
  id?: string;
  line?: number;
  error: string;
}

export type Conversion =
  | { ok: true; table: string; row: Record<string, unknown> }
  | { ok: false; reason: RejectReason; error: string };

/** Contract events → their tables; the default conversion of the receiver and importers. */
export function convertEvent(value: unknown, receivedAt: Date): Conversion {
  const v = validateEvent(value);
  if (!v.ok)
    return { ok: false, reason: v.issues[0]?.reason ?? 'schema', error: summariseIssues(v.issues) };
  return {
    ok: true,
    table: TABLE_OF[v.value.type],
    row: toRow(v.value, receivedAt) as unknown as Record<string, unknown>,
  };
}

export interface AcceptResult {
  rows: { table: string; row: Record<string, unknown> }[];
  rejects: RejectRow[];
  answers: RejectAnswer[];
}

function field(value: unknown, key: string): string {
  const v =
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  return typeof v === 'string' ? v.slice(0, 128) : '';
}

/** Where accepted rows and rejects of a batch go, as each item is decided. */
export interface AcceptSink {
  row(table: string, row: Record<string, unknown>): void;
  reject(row: RejectRow, answer: RejectAnswer): void;
}

/**
 * Decides items one at a time, handing each row or reject to `sink` at once, so a caller
 * that serialises them keeps nothing of an item alive after it is decided.
 */
export function itemAcceptor(
  ctx: BatchContext,
  sink: AcceptSink,
  convert: (value: unknown, receivedAt: Date) => Conversion = convertEvent,
): (item: ParsedItem) => void {
  const rejectedAt = utcDateTimeText(ctx.receivedAt);
  const reject = (item: ParsedItem, reason: RejectReason, error: string) => {
    const id = field(item.value, 'id');
    // Stored and answered like the raw text: bounded, whatever a path or message holds.
    const bounded = clip(error, MAX_ERROR_CHARS);
    sink.reject(
      {
        reject_id: `${ctx.batchId}:${item.index}`,
        rejected_at: rejectedAt,
        source: ctx.source,
        channel: ctx.channel,
        file: ctx.file ?? '',
        line: item.line,
        item_index: item.index,
        event_type: field(item.value, 'type'),
        event_id: id,
        reason,
        error: bounded,
        raw: item.raw,
      },
      {
        index: item.index,
        ...(id ? { id } : {}),
        ...(item.line ? { line: item.line } : {}),
        error: bounded,
      },
    );
  };
  return (item) => {
    if (item.invalid !== undefined) {
      reject(item, item.invalid.reason, item.invalid.message);
      return;
    }
    const c = convert(item.value, ctx.receivedAt);
    if (c.ok) sink.row(c.table, c.row);
    else reject(item, c.reason, c.error);
  };
}

export function acceptItems(
  items: readonly ParsedItem[],
  ctx: BatchContext,
  convert: (value: unknown, receivedAt: Date) => Conversion = convertEvent,
): AcceptResult {
  const result: AcceptResult = { rows: [], rejects: [], answers: [] };
  const accept = itemAcceptor(
    ctx,
    {
      row: (table, row) => result.rows.push({ table, row }),
      reject: (row, answer) => {
        result.rejects.push(row);
        result.answers.push(answer);
      },
    },
    convert,
  );
  for (const item of items) accept(item);
  return result;
}

export function batchRow(ctx: BatchContext, accepted: number, rejected: number, bytes: number) {
  return {
    batch_id: ctx.batchId,
    received_at: utcDateTimeText(ctx.receivedAt),
    source: ctx.source,
    channel: ctx.channel,
    file: ctx.file ?? '',
    accepted,
    rejected,
    bytes,
  };
}
