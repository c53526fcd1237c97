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

export interface SpoolLine {
  table: string;
  /** The local day an event row belongs to (for recomputing daily rollups), or ''. */
  day: string;
  /** The row, serialised as one JSONEachRow line. */
  json: string;
}

/** One row in the spool's line format (see the top of this file), newline included. */
export function spoolLineText(table: string, row: Record<string, unknown>): string {
  const day = typeof row.day === 'string' ? row.day : '';
  return `${table}\t${day}\t${JSON.stringify(row)}\n`;
}

interface PendingAppend {
  data: Uint8Array;
  lines: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SEGMENT = /^seg-(\d{10})-(\d+)\.ndjson$/;

export class Spool {
  readonly dir: string;
  readonly deadDir: string;
  readonly maxBytes: number;
  private sealed: SegmentInfo[] = [];
  private active: (SegmentInfo & { fh: FileHandle }) | null = null;
  private seq = 0;
  private pending: PendingAppend[] = [];
  private pendingBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private commitScheduled = false;

  constructor(options: SpoolOptions) {
    this.dir = options.dir;
    this.deadDir = join(options.dir, 'dead');
    this.maxBytes = options.maxBytes;
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
   * Appends `lines` rows, given as UTF-8 text built with `spoolLineText`, durably: resolves
   * once they are written and fsync'd.
   */
  append(data: Uint8Array, lines: number): Promise<void> {
    if (lines === 0) return Promise.resolve();
    const bytes = data.byteLength;
    if (this.stats().bytes + bytes > this.maxBytes) {
      return Promise.reject(new SpoolFullError(`spool full (${this.maxBytes} bytes)`));
    }
    this.pendingBytes += bytes;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, lines, resolve, reject });
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
      for (const b of batch) b.resolve();
    } catch (err) {
      const e = new SpoolDiskError(`spool write failed: ${(err as Error).message}`);
      for (const b of batch) b.reject(e);
    } finally {
      this.pendingBytes -= bytes;
    }
  }

  private async ensureActive(): Promise<SegmentInfo & { fh: FileHandle }> {
    if (this.active) return this.active;
    const createdAt = Date.now();
    const name = `seg-${String(++this.seq).padStart(10, '0')}-${createdAt}.ndjson`;
    const fh = await open(join(this.dir, name), 'a');
    await syncDir(this.dir);
    this.active = { name, bytes: 0, lines: 0, createdAt, fh };
    return this.active;
  }

  /** Closes the active segment (if it holds data) so the writer can insert it. */
  seal(): Promise<void> {
    return this.enqueue(async () => {
      const seg = this.active;
      if (!seg || seg.lines === 0) return;
      await seg.fh.close();
      this.active = null;
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
   * Reads a sealed segment. A torn last line (a crash mid-write) belonged to a request that
   * never got its 202, so it is skipped, and counted in `torn`.
   */
  async read(seg: SegmentInfo): Promise<{ lines: SpoolLine[]; torn: number }> {
    const text = await readFile(join(this.dir, seg.name), 'utf8');
    const lines: SpoolLine[] = [];
    let torn = 0;
    let n = 0;
    for (const raw of text.split('\n')) {
      if (raw.length === 0) continue;
      // Let requests in between: a segment may hold 100,000 lines.
      if (++n % 5_000 === 0) await yieldToLoop();
      const a = raw.indexOf('\t');
      const b = raw.indexOf('\t', a + 1);
      // A whole line ends with the row's closing brace; anything else was cut off mid-write.
      if (a <= 0 || b < 0 || !raw.endsWith('}')) {
        torn++;
        continue;
      }
      lines.push({ table: raw.slice(0, a), day: raw.slice(a + 1, b), json: raw.slice(b + 1) });
    }
    return { lines, torn };
  }

  /** Removes a segment once ClickHouse has confirmed every row of it. */
  async remove(seg: SegmentInfo): Promise<void> {
    await rm(join(this.dir, seg.name), { force: true });
    this.sealed = this.sealed.filter((s) => s.name !== seg.name);
  }

  /** Moves a segment that can never be inserted aside, for a person to look at. */
  async moveDead(seg: SegmentInfo): Promise<string> {
    const target = join(this.deadDir, seg.name);
    await rename(join(this.dir, seg.name), target);
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
