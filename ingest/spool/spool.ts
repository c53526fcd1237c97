/**
 * The durable spool: accepted rows are appended to segment files and fsync'd before the
 * receiver answers 202, so they reach ClickHouse even if this process or ClickHouse dies
 * right after. Appends are group-committed (one write + one fsync for all requests that
 * arrived meanwhile). The batch writer seals the active segment, inserts it, and removes it
 * only after ClickHouse confirmed; segments it cannot insert ever go to `dead/`.
 *
 * Line format: `<table>\t<local day or empty>\t<row as JSONEachRow>`, so the writer can pass
 * rows to ClickHouse without parsing them again.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

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

/** An append's rows of one table, kept in memory beside the file for the writer. */
export interface TableRows {
  /** The rows as JSONEachRow lines, joined by newlines. */
  json: string;
  /** The local days the rows belong to. */
  days: string[];
}

export type RowsByTable = Record<string, TableRows>;

/** What the writer needs of a sealed segment: its rows by table and their days. */
export interface SegmentRows {
  byTable: Map<string, string[]>;
  days: Record<string, Set<string>>;
  lines: number;
  /** Lines cut off by a crash mid-write (see `readRows`). */
  torn: number;
}

/** In-memory copy of a segment's rows, as appended; null once given up for memory. */
interface Memo {
  chunks: Map<string, { json: string[]; days: Set<string> }>;
  bytes: number;
}

type ActiveSegment = SegmentInfo & { fh: FileHandle; memo: Memo | null };

/** One row in the spool's line format (see the top of this file), newline included. */
export function spoolLine(table: string, day: string, json: string): string {
  return `${table}\t${day}\t${json}\n`;
}

interface PendingAppend {
  data: Uint8Array;
  lines: number;
  rows: RowsByTable | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SEGMENT = /^seg-(\d{10})-(\d+)\.ndjson$/;

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

  constructor(options: SpoolOptions) {
    this.dir = options.dir;
    this.deadDir = join(options.dir, 'dead');
    this.maxBytes = options.maxBytes;
    this.memoryBytes = options.memoryBytes ?? 256 * 1024 ** 2;
  }

  /** Finds segments left by an earlier run (they are replayed first) and counts their lines. */
  async open(): Promise<void> {
    mkdirSync(this.deadDir, { recursive: true });
    const names = readdirSync(this.dir)
      .filter((n) => SEGMENT.test(n))
      .sort();
    for (const name of names) {
      const m = SEGMENT.exec(name)!;
      this.seq = Math.max(this.seq, Number(m[1]));
      const text = await readFile(join(this.dir, name), 'utf8');
      const lines = text.split('\n').filter((l) => l.length > 0).length;
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

  /** Lines and age of the segment being written, for the writer's size/age triggers. */
  activeInfo(): { lines: number; bytes: number; createdAt: number } | null {
    return this.active && this.active.lines > 0
      ? { lines: this.active.lines, bytes: this.active.bytes, createdAt: this.active.createdAt }
      : null;
  }

  /**
   * Appends `lines` rows, given as UTF-8 text built with `spoolLine`, durably: resolves
   * once they are written and fsync'd. `rows`, the same rows by table, lets the writer
   * skip reading them back.
   */
  append(data: Uint8Array, lines: number, rows?: RowsByTable): Promise<void> {
    if (lines === 0) return Promise.resolve();
    const bytes = data.byteLength;
    if (this.stats().bytes + bytes > this.maxBytes) {
      return Promise.reject(new SpoolFullError(`spool full (${this.maxBytes} bytes)`));
    }
    this.pendingBytes += bytes;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, lines, rows, resolve, reject });
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

  private async commit(): Promise<void> {
    this.commitScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const data = batch.length === 1 ? batch[0]!.data : Buffer.concat(batch.map((b) => b.data));
    const bytes = data.byteLength;
    try {
      const seg = await this.ensureActive();
      await seg.fh.write(data);
      await seg.fh.datasync();
      seg.bytes += bytes;
      seg.lines += batch.reduce((s, b) => s + b.lines, 0);
      this.remember(seg, batch, bytes);
      for (const b of batch) b.resolve();
    } catch (err) {
      const e = new SpoolDiskError(`spool write failed: ${(err as Error).message}`);
      for (const b of batch) b.reject(e);
    } finally {
      this.pendingBytes -= bytes;
    }
  }

  private async ensureActive(): Promise<ActiveSegment> {
    if (this.active) return this.active;
    const createdAt = Date.now();
    const name = `seg-${String(++this.seq).padStart(10, '0')}-${createdAt}.ndjson`;
    const fh = await open(join(this.dir, name), 'a');
    await syncDir(this.dir);
    this.active = {
      name,
      bytes: 0,
      lines: 0,
      createdAt,
      fh,
      memo: { chunks: new Map(), bytes: 0 },
    };
    return this.active;
  }

  /** Adds written rows to the segment's memo, or gives the memo up (memory, missing rows). */
  private remember(
    seg: { memo: Memo | null },
    batch: readonly PendingAppend[],
    bytes: number,
  ): void {
    const memo = seg.memo;
    if (!memo) return;
    if (batch.some((b) => !b.rows) || this.memoBytes + bytes > this.memoryBytes) {
      this.memoBytes -= memo.bytes;
      seg.memo = null;
      return;
    }
    for (const b of batch) {
      for (const [table, rows] of Object.entries(b.rows!)) {
        let chunk = memo.chunks.get(table);
        if (!chunk) memo.chunks.set(table, (chunk = { json: [], days: new Set() }));
        chunk.json.push(rows.json);
        for (const d of rows.days) chunk.days.add(d);
      }
    }
    memo.bytes += bytes;
    this.memoBytes += bytes;
  }

  /** Closes the active segment (if it holds data) so the writer can insert it. */
  seal(): Promise<void> {
    return this.enqueue(async () => {
      const seg = this.active;
      if (!seg || seg.lines === 0) return;
      await seg.fh.close();
      this.active = null;
      if (seg.memo) this.memos.set(seg.name, seg.memo);
      this.sealed.push({
        name: seg.name,
        bytes: seg.bytes,
        lines: seg.lines,
        createdAt: seg.createdAt,
      });
    });
  }

  sealedSegments(): readonly SegmentInfo[] {
    return this.sealed;
  }

  /**
   * The rows of a sealed segment by table: from memory when this process wrote it, else
   * from its file. A torn last line in a file (a crash mid-write) belonged to a request
   * that never got its 202, so it is skipped, and counted in `torn`.
   */
  async readRows(seg: SegmentInfo): Promise<SegmentRows> {
    const memo = this.memos.get(seg.name);
    const out: SegmentRows = { byTable: new Map(), days: {}, lines: 0, torn: 0 };
    if (memo) {
      for (const [table, chunk] of memo.chunks) {
        const rows: string[] = [];
        for (const json of chunk.json) for (const line of json.split('\n')) rows.push(line);
        out.byTable.set(table, rows);
        out.lines += rows.length;
        if (chunk.days.size > 0) out.days[table] = new Set(chunk.days);
      }
      return out;
    }
    const text = await readFile(join(this.dir, seg.name), 'utf8');
    let n = 0;
    for (const raw of text.split('\n')) {
      if (raw.length === 0) continue;
      // Let requests in between: a segment may hold 100,000 lines.
      if (++n % 5_000 === 0) await yieldToLoop();
      const a = raw.indexOf('\t');
      const b = raw.indexOf('\t', a + 1);
      // A whole line ends with the row's closing brace; anything else was cut off mid-write.
      if (a <= 0 || b < 0 || !raw.endsWith('}')) {
        out.torn++;
        continue;
      }
      const table = raw.slice(0, a);
      let rows = out.byTable.get(table);
      if (!rows) out.byTable.set(table, (rows = []));
      rows.push(raw.slice(b + 1));
      out.lines++;
      if (b > a + 1) (out.days[table] ??= new Set()).add(raw.slice(a + 1, b));
    }
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

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
