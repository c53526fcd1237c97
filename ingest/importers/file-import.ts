/**
 * `lagebild import FILE --mapping M`: streams a CSV export (any size, constant memory),
 * maps and validates each row like the API does, writes valid rows in chunks and stores
 * each bad row as a reject with file name and line. The file's content hash names the
 * batch and its modification time is its receipt time, so importing the same file again
 * writes identical rows and rejects, which ClickHouse collapses: no count changes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as csvParse } from 'csv-parse';
import iconv from 'iconv-lite';
import { recomputeTouched } from '../rollups/recompute.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { acceptItems, batchRow, type BatchContext } from '../pipeline/accept.ts';
import { clip, type ParsedItem } from '../pipeline/parse-body.ts';
import { isPermanentInsertError } from '../writer/error-class.ts';
import { EVENT_TABLES, settleKeyMoves, type EventTableName } from '../writer/key-moves.ts';
import { conversionFor } from './conversions.ts';
import type { Mapping } from './mapping.ts';
import { mapRecord } from './row-mapper.ts';

export interface ImportSummary {
  file: string;
  hash: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** First few rejects, for the printed summary. */
  sampleRejects: { line: number; error: string }[];
}

export interface ImportOptions {
  wh: Warehouse;
  source: string;
  chunkRows?: number;
  onProgress?: (p: { rowsRead: number; bytesRead: number; totalBytes: number }) => void;
}

export class FileReadError extends Error {}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Retries a ClickHouse step with backoff while the error may pass (server down, busy). */
async function withRetry<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (isPermanentInsertError(err) || attempt >= 6) throw err;
      await sleep(Math.min(10_000, 250 * 2 ** attempt));
    }
  }
}

export async function importFile(
  path: string,
  mapping: Mapping,
  opts: ImportOptions,
): Promise<ImportSummary> {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new FileReadError(`${path}: ${(err as Error).message}`);
  }
  if (!stat.isFile()) throw new FileReadError(`${path}: keine Datei`);
  const hash = await hashFile(path);
  const ctx: BatchContext = {
    batchId: `file:${hash.slice(0, 32)}`,
    source: opts.source,
    channel: 'file',
    file: basename(path),
    receivedAt: new Date(Math.floor(stat.mtimeMs / 1000) * 1000),
  };
  const convert = conversionFor(mapping.type);
  const chunkRows = opts.chunkRows ?? 10_000;
  const summary: ImportSummary = {
    file: path,
    hash,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    sampleRejects: [],
  };

  let items: ParsedItem[] = [];
  const touched: Record<string, Set<string>> = {};
  const flush = async () => {
    if (items.length === 0) return;
    const result = acceptItems(items, ctx, convert);
    items = [];
    const byTable = new Map<string, Record<string, unknown>[]>();
    for (const r of result.rows) {
      if (typeof r.row.day === 'string') (touched[r.table] ??= new Set()).add(r.row.day);
      let list = byTable.get(r.table);
      if (!list) byTable.set(r.table, (list = []));
      list.push(r.row);
    }
    const at = ctx.receivedAt.getTime();
    for (const [table, rows] of byTable) {
      await withRetry(() => opts.wh.insert(table, rows));
      if (!(EVENT_TABLES as readonly string[]).includes(table)) continue;
      const days = [...new Set(rows.map((r) => String(r.day)))];
      const settled = await withRetry(() =>
        settleKeyMoves(opts.wh, table as EventTableName, {
          days,
          received: { from: at, to: at },
        }),
      );
      for (const d of settled.extraDays) (touched[table] ??= new Set()).add(d);
    }
    await withRetry(() =>
      opts.wh.insert('rejects', result.rejects as unknown as Record<string, unknown>[]),
    );
    summary.accepted += result.rows.length;
    summary.rejected += result.rejects.length;
    for (const a of result.answers)
      if (summary.sampleRejects.length < 10)
        summary.sampleRejects.push({ line: a.line ?? 0, error: a.error });
  };

  const input = createReadStream(path);
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = input.pipe(iconv.decodeStream(mapping.encoding)).pipe(
    csvParse({
      delimiter: mapping.delimiter,
      quote: mapping.quote,
      columns: mapping.header,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A malformed record (e.g. an unclosed quote) becomes a reject; the rest of the file still lands.
      skip_records_with_error: true,
      info: true,
      raw: true,
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  parser.on('skip', (err: Error & { lines?: number; record?: string[]; raw?: string }) => {
    items.push({
      index: summary.rowsRead++,
      line: err.lines ?? 0,
      raw: clip(err.raw ?? err.record?.join(mapping.delimiter) ?? ''),
      invalid: { reason: 'schema', message: `CSV: ${err.message}` },
    });
  });
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, string> | string[];
      info: { lines: number };
      raw: string;
    }>) {
      const mapped = mapRecord(rec.record, mapping);
      const item: ParsedItem = {
        index: summary.rowsRead,
        line: rec.info.lines,
        raw: clip(rec.raw.replace(/\r?\n$/, '')),
      };
      if (mapped.ok) item.value = mapped.value;
      else item.invalid = { reason: 'schema', message: mapped.error };
      items.push(item);
      summary.rowsRead++;
      if (items.length >= chunkRows) {
        await flush();
        opts.onProgress?.({ rowsRead: summary.rowsRead, bytesRead, totalBytes: stat.size });
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('CSV_')) {
      throw new FileReadError(
        `${path}: CSV nicht lesbar nach Zeile ${summary.rowsRead}: ${(err as Error).message}`,
      );
    }
    throw err;
  }
  await flush();
  await withRetry(() =>
    opts.wh.insert('ingest_batches', [
      batchRow(ctx, summary.accepted, summary.rejected, stat.size),
    ]),
  );
  await recomputeTouched(
    opts.wh,
    Object.fromEntries(Object.entries(touched).map(([t, days]) => [t, [...days].sort()])),
  );
  opts.onProgress?.({ rowsRead: summary.rowsRead, bytesRead: stat.size, totalBytes: stat.size });
  return summary;
}
