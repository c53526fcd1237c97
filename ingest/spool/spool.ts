/**
 * The durable spool: accepted rows are appended to segment files and fsync'd before the
 * receiver answers 202, so they reach ClickHouse even if this process or ClickHouse dies
 * right after. Appends are group-committed (one write + one fsync for all requests that
 * arrived meanwhile). The batch writer seals the active segment, inserts it, and removes it
 * only after ClickHouse confirmed; segments it cannot insert ever go to `dead/`.
 * A write that fails (a full disk) is cut off again and refused with `SpoolDiskError`
 * (503); the next append that fits is accepted as usual. Record format: segment-format.ts.
 * Segments are 0600 in folders of mode 0700: they hold every accepted event.
 */
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { privateDir } from '../../config/paths.ts';
import {
  parseSegment,
  recordHeader,
  recordRows,
  rowFormatKey,
  type SpoolRecord,
} from './segment-format.ts';

export class SpoolFullError extends Error {}
export class SpoolDiskError extends Error {}

export interface SpoolOptions {
  dir: string;
  /** Bound of all segments together; beyond it appends are refused (503), never dropped. */
  maxBytes: number;
  /**
   * Segments whose rows are also kept in memory, up to this many bytes together, so the
   * writer need not read them back from disk; beyond it (ClickHouse down, a long backlog)
   * it reads the files. Default 256 MiB.
   */
  memoryBytes?: number;
}

export interface SegmentInfo {
  name: string;
  bytes: number;
  lines: number;
  createdAt: number;
}

export interface SpoolStats {
  segments: number;
  bytes: number;
  lines: number;
  /** Creation time of the oldest segment still holding data. */
  oldestAt: number | null;
}

/** Rows of one table in one format, as spooled: one insert's worth. */
export interface RowGroup {
  /** TabSeparated in this column order; null: JSONEachRow (see segment-format.ts). */
  columns: readonly string[] | null;
  chunks: Uint8Array[];
}

/** What the writer needs of a sealed segment: its rows by table and their days. */
export interface SegmentRows {
  /** Per table the rows' bytes in spool order, one group per format (usually one). */
  byTable: Map<string, RowGroup[]>;
  days: Record<string, Set<string>>;
  lines: number;
  /** Records cut off by a crash mid-write (see `parseSegment`). */
  torn: number;
  /** Receipt times of the rows (their `ingested_at`), if all are known. */
  received: { from: number; to: number } | null;
}

/** Told of records once they are durable (see `Spool.follow`). */
export type DurableListener = (
  segment: string,
  records: readonly SpoolRecord[],
  first: boolean,
) => void;

/** In-memory copy of a segment's records, as appended; null once given up for memory. */
interface Memo {
  records: SpoolRecord[];
  bytes: number;
}

type ActiveSegment = SegmentInfo & { fh: FileHandle; memo: Memo | null; lastAppendAt: number };

interface PendingAppend {
  record: SpoolRecord;
  header: Uint8Array;
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

// `.ndjson`: segments of the format before records (see segment-format.ts).
const SEGMENT = /^seg-(\d{10})-(\d+)\.(?:spool|ndjson)$/;

export class Spool {
  readonly dir: string;
  readonly deadDir: string;
  readonly maxBytes: number;
  private sealed: SegmentInfo[] = [];
  private active: ActiveSegment | null = null;
  private memos = new Map<string, Memo>();
  private memoBytes = 0;
  private readonly memoryBytes: number;
  private seq = 0;
  private pending: PendingAppend[] = [];
  private pendingBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private commitScheduled = false;
  private listener: DurableListener | null = null;
  /** The last failed write (a full or failing disk); cleared by the next one that works. */
  lastError: string | null = null;

  constructor(options: SpoolOptions) {
    this.dir = options.dir;
    this.deadDir = join(options.dir, 'dead');
    this.maxBytes = options.maxBytes;
    this.memoryBytes = options.memoryBytes ?? 256 * 1024 ** 2;
  }

  /** Finds segments left by an earlier run (they are replayed first) and counts their rows. */
  async open(): Promise<void> {
    privateDir(this.dir);
    privateDir(this.deadDir);
    const names = readdirSync(this.dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
    for (const name of names) {
      const m = SEGMENT.exec(name)!;
      chmodSync(join(this.dir, name), 0o600);
      this.seq = Math.max(this.seq, Number(m[1]));
      const { records } = parseSegment(await readFile(join(this.dir, name)));
      const lines = records.reduce((s, r) => s + recordRows(r), 0);
      if (lines === 0) {
        await rm(join(this.dir, name), { force: true });
        continue;
      }
      this.sealed.push({
        name,
        bytes: statSync(join(this.dir, name)).size,
        lines,
        createdAt: Number(m[2]),
      });
    }
  }

  stats(): SpoolStats {
    const all = this.active && this.active.lines > 0 ? [...this.sealed, this.active] : this.sealed;
    return {
      segments: all.length,
      bytes: all.reduce((s, x) => s + x.bytes, 0) + this.pendingBytes,
      lines: all.reduce((s, x) => s + x.lines, 0),
      oldestAt: all.length > 0 ? Math.min(...all.map((s) => s.createdAt)) : null,
    };
  }

  /** Size, age and last append of the segment being written, for the writer's triggers. */
  activeInfo(): { lines: number; bytes: number; createdAt: number; lastAppendAt: number } | null {
    const a = this.active;
    return a && a.lines > 0
      ? { lines: a.lines, bytes: a.bytes, createdAt: a.createdAt, lastAppendAt: a.lastAppendAt }
      : null;
  }

  /**
   * Calls `listener` with every group of records once it is durable, naming the segment
   * they went to and whether they are its first (the writer streams segments live).
   */
  follow(listener: DurableListener) {
    this.listener = listener;
  }

  /**
   * Appends one request's rows durably: resolves once they are written and fsync'd. The
   * record's bytes are kept (not copied) for the writer, so the caller must not reuse them.
   */
  append(record: SpoolRecord): Promise<void> {
    if (recordRows(record) === 0) return Promise.resolve();
    const header = recordHeader(record);
    const bytes = record.blocks.reduce((s, b) => s + b.data.byteLength, header.byteLength);
    if (this.stats().bytes + bytes > this.maxBytes) {
      return Promise.reject(new SpoolFullError(`spool full (${this.maxBytes} bytes)`));
    }
    this.pendingBytes += bytes;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, header, bytes, resolve, reject });
      if (!this.commitScheduled) {
        this.commitScheduled = true;
        this.enqueue(() => this.commit());
      }
    });
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op, op);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Group commit: everything appended since the last commit in one write and one fsync. */
  private async commit(): Promise<void> {
    this.commitScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const buffers: Uint8Array[] = [];
    let bytes = 0;
    let lines = 0;
    for (const p of batch) {
      buffers.push(p.header);
      for (const b of p.record.blocks) buffers.push(b.data);
      bytes += p.bytes;
      lines += recordRows(p.record);
    }
    try {
      const seg = await this.ensureActive();
      await writeAll(seg.fh, buffers);
      await seg.fh.datasync();
      this.listener?.(
        seg.name,
        batch.map((p) => p.record),
        seg.lines === 0,
      );
      seg.bytes += bytes;
      seg.lines += lines;
      seg.lastAppendAt = Date.now();
      this.remember(seg, batch, bytes);
      this.lastError = null;
      for (const p of batch) p.resolve();
    } catch (err) {
      this.lastError = (err as Error).message;
      await this.recover();
      const e = new SpoolDiskError(`spool write failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(e);
    } finally {
      this.pendingBytes -= bytes;
    }
  }

  /**
   * After a failed write (full disk): cuts what part of it landed off the active segment, so
   * the next record follows the last durable one. Where even that fails, the segment is
   * sealed as it is (its torn tail is skipped when read) and the next append starts a new one.
   */
  private async recover(): Promise<void> {
    const seg = this.active;
    if (!seg) return;
    try {
      await seg.fh.truncate(seg.bytes);
      return;
    } catch {
      // fall through: give this segment up
    }
    this.active = null;
    if (seg.lines > 0) this.retire(seg);
    await seg.fh.close().catch(() => {});
    if (seg.lines === 0) await rm(join(this.dir, seg.name), { force: true }).catch(() => {});
  }

  private async ensureActive(): Promise<ActiveSegment> {
    if (this.active) return this.active;
    const createdAt = Date.now();
    const name = `seg-${String(++this.seq).padStart(10, '0')}-${createdAt}.spool`;
    const fh = await open(join(this.dir, name), 'a', 0o600);
    try {
      await syncDir(this.dir);
    } catch (err) {
      // An empty segment left behind is removed on the next start.
      await fh.close().catch(() => {});
      throw err;
    }
    this.active = {
      name,
      bytes: 0,
      lines: 0,
      createdAt,
      lastAppendAt: createdAt,
      fh,
      memo: { records: [], bytes: 0 },
    };
    return this.active;
  }

  /** Keeps written records in the segment's memo, or gives the memo up (memory bound). */
  private remember(seg: { memo: Memo | null }, batch: readonly PendingAppend[], bytes: number) {
    const memo = seg.memo;
    if (!memo) return;
    if (this.memoBytes + bytes > this.memoryBytes) {
      this.memoBytes -= memo.bytes;
      seg.memo = null;
      return;
    }
    for (const p of batch) memo.records.push(p.record);
    memo.bytes += bytes;
    this.memoBytes += bytes;
  }

  /** Closes the active segment (if it holds data) so the writer can insert it. */
  seal(): Promise<void> {
    return this.enqueue(async () => {
      const seg = this.active;
      if (!seg || seg.lines === 0) return;
      // Sealed at once, so the segment's rows are counted all along; its records were
      // fsync'd when appended, so a failing close loses nothing.
      this.active = null;
      this.retire(seg);
      await seg.fh.close().catch(() => {});
    });
  }

  private retire(seg: ActiveSegment): void {
    if (seg.memo) this.memos.set(seg.name, seg.memo);
    this.sealed.push({
      name: seg.name,
      bytes: seg.bytes,
      lines: seg.lines,
      createdAt: seg.createdAt,
    });
  }

  sealedSegments(): readonly SegmentInfo[] {
    return this.sealed;
  }

  /**
   * The rows of a sealed segment by table: from memory when this process wrote it, else
   * from its file. A torn record at the end of a file (a crash mid-write) belonged to
   * requests that never got their 202, so it is skipped, and counted in `torn`.
   */
  async readRows(seg: SegmentInfo): Promise<SegmentRows> {
    const memo = this.memos.get(seg.name);
    const { records, torn } = memo
      ? { records: memo.records, torn: 0 }
      : parseSegment(await readFile(join(this.dir, seg.name)));
    const out: SegmentRows = { byTable: new Map(), days: {}, lines: 0, torn, received: null };
    let from = Infinity;
    let to = -Infinity;
    let known = true;
    for (const r of records) {
      if (r.receivedAtMs === null) known = false;
      else {
        from = Math.min(from, r.receivedAtMs);
        to = Math.max(to, r.receivedAtMs);
      }
      for (const b of r.blocks) {
        let groups = out.byTable.get(b.table);
        if (!groups) out.byTable.set(b.table, (groups = []));
        const key = rowFormatKey(b.columns);
        let group = groups.find((g) => rowFormatKey(g.columns) === key);
        if (!group) groups.push((group = { columns: b.columns, chunks: [] }));
        group.chunks.push(b.data);
        out.lines += b.rows;
        if (b.days.length > 0) {
          const days = (out.days[b.table] ??= new Set());
          for (const d of b.days) days.add(d);
        }
      }
    }
    if (known && records.length > 0) out.received = { from, to };
    return out;
  }

  private forget(name: string): void {
    const memo = this.memos.get(name);
    if (!memo) return;
    this.memoBytes -= memo.bytes;
    this.memos.delete(name);
  }

  /** Removes a segment once ClickHouse has confirmed every row of it. */
  async remove(seg: SegmentInfo): Promise<void> {
    await rm(join(this.dir, seg.name), { force: true });
    this.forget(seg.name);
    this.sealed = this.sealed.filter((s) => s.name !== seg.name);
  }

  /** Moves a segment that can never be inserted aside, for a person to look at. */
  async moveDead(seg: SegmentInfo): Promise<string> {
    const target = join(this.deadDir, seg.name);
    await rename(join(this.dir, seg.name), target);
    this.forget(seg.name);
    this.sealed = this.sealed.filter((s) => s.name !== seg.name);
    return target;
  }

  deadSegments(): string[] {
    return readdirSync(this.deadDir).filter((n) => SEGMENT.test(n));
  }

  async close(): Promise<void> {
    await this.seal();
  }
}

/** writev until every byte is written (a single call may write less). */
async function writeAll(fh: FileHandle, buffers: Uint8Array[]): Promise<void> {
  let rest = buffers;
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest);
    let n = bytesWritten;
    let i = 0;
    while (i < rest.length && n >= rest[i]!.byteLength) n -= rest[i++]!.byteLength;
    rest = rest.slice(i);
    if (n > 0) rest[0] = rest[0]!.subarray(n);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
