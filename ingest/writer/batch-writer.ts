/**
 * The batch writer: seals the spool's active segment when it holds enough rows or bytes or
 * has waited long enough, inserts sealed segments oldest first, and removes a segment only
 * after ClickHouse confirmed it. While ClickHouse is down it retries with capped
 * exponential backoff; the data stays in the spool meanwhile. Replaying a segment after a
 * crash is harmless: ids and versions are fixed in the spooled rows, so ReplacingMergeTree
 * keeps each event once. Nothing that goes wrong with one segment (ClickHouse, a failing
 * disk, a failing `onFlush`) ends the loop: it is logged in `lastError` and retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Warehouse } from '../../warehouse/client.ts';
import type { RowGroup, SegmentInfo, Spool } from '../spool/spool.ts';
import type { SpoolRecord } from '../spool/segment-format.ts';
import { isPermanentInsertError } from './error-class.ts';
import { LiveInsert } from './live-insert.ts';
import { EVENT_TABLES, settleKeyMoves, type EventTableName } from './key-moves.ts';

export interface WriterOptions {
  /** Seal and flush when the active segment holds this many rows … */
  maxRows: number;
  /** … or this many bytes … */
  maxBytes: number;
  /** … or its first row has waited this long. */
  maxAgeMs: number;
  /**
   * A segment with at least this many rows goes as soon as appends pause for `quietMs`:
   * a burst has ended, and its tail need not wait for the age limit. Small trickles
   * (an office's events) keep to the age limit, so inserts stay few.
   */
  minRows?: number;
  quietMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

export type FlushTrigger = 'rows' | 'bytes' | 'age' | 'quiet' | 'drain' | 'replay';

export interface FlushReport {
  trigger: FlushTrigger;
  segment: string;
  rows: number;
  bytes: number;
  durationMs: number;
  outcome: 'ok' | 'retry' | 'dead';
  error?: string;
  /** Per table the local days the rows belong to (for recomputing daily rollups). */
  days: Record<string, string[]>;
  at: number;
}

export class BatchWriter {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private failures = 0;
  /** Segments being streamed into ClickHouse while they fill (see live-insert.ts). */
  private lives = new Map<string, LiveInsert>();
  lastFlush: FlushReport | null = null;
  /** True while a segment is being inserted or its follow-up work (rollups) runs. */
  busy = false;
  lastError: string | null = null;

  constructor(
    private readonly spool: Spool,
    private readonly wh: Warehouse,
    private readonly options: WriterOptions,
    private readonly onFlush: (report: FlushReport) => void | Promise<void> = () => {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.spool.follow((segment, records, first) => this.streamLive(segment, records, first));
    this.loop = this.run();
  }

  private streamLive(segment: string, records: readonly SpoolRecord[], first: boolean): void {
    let live = this.lives.get(segment);
    if (!live) {
      // Only a segment streamed from its first record can be confirmed that way; and
      // while ClickHouse is failing, segments wait in the spool instead.
      if (!first || this.failures > 0 || !this.running) return;
      this.lives.set(segment, (live = new LiveInsert(this.wh)));
    }
    live.write(records);
  }

  /** Nudges the loop, e.g. right after an append, so size triggers react at once. */
  poke(): void {
    this.wake?.();
  }

  /** Stops the loop after the segment in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
  }

  /**
   * Seals whatever is spooled and inserts it all, giving up at the deadline (for SIGTERM).
   * Whatever is left stays in the spool and is replayed on the next start.
   */
  async drain(deadlineMs: number): Promise<boolean> {
    await this.stop();
    await this.spool.seal();
    const end = Date.now() + deadlineMs;
    while (this.spool.sealedSegments().length > 0 && Date.now() < end) {
      const seg = this.spool.sealedSegments()[0]!;
      const ok = await this.tryFlush(seg, 'drain');
      if (!ok) await sleep(Math.min(this.backoff(), Math.max(0, end - Date.now())));
    }
    for (const live of this.lives.values()) live.abort();
    this.lives.clear();
    return this.spool.sealedSegments().length === 0;
  }

  private triggerFor(): FlushTrigger | null {
    const a = this.spool.activeInfo();
    if (!a) return null;
    const now = Date.now();
    if (a.lines >= this.options.maxRows) return 'rows';
    if (a.bytes >= this.options.maxBytes) return 'bytes';
    if (now - a.createdAt >= this.options.maxAgeMs) return 'age';
    const minRows = this.options.minRows ?? Math.ceil(this.options.maxRows / 10);
    if (a.lines >= minRows && now - a.lastAppendAt >= this.quietMs()) return 'quiet';
    return null;
  }

  private quietMs(): number {
    return this.options.quietMs ?? 50;
  }

  private backoff(): number {
    const min = this.options.backoffMinMs ?? 250;
    const max = this.options.backoffMaxMs ?? 30_000;
    return Math.min(max, min * 2 ** Math.min(this.failures, 20));
  }

  private async run(): Promise<void> {
    let trigger: FlushTrigger = 'replay';
    while (this.running) {
      const next = this.triggerFor();
      if (next) {
        await this.spool.seal();
        trigger = next;
      }
      const seg = this.spool.sealedSegments()[0];
      if (seg) {
        const ok = await this.tryFlush(seg, trigger);
        if (!ok) await this.idle(this.backoff());
        continue;
      }
      trigger = 'age';
      await this.idle(Math.min(this.quietMs(), this.options.maxAgeMs));
    }
  }

  /**
   * `flushSegment`, where an error outside the insert (reading the segment, removing it,
   * `onFlush`) counts as a failed attempt: the segment stays and is tried again.
   */
  private async tryFlush(seg: SegmentInfo, trigger: FlushTrigger): Promise<boolean> {
    try {
      return await this.flushSegment(seg, trigger);
    } catch (err) {
      this.failures++;
      this.lastError = `spool: ${(err as Error).message}`;
      return false;
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  /** Inserts one sealed segment; true when it is done (inserted or moved aside). */
  private async flushSegment(seg: SegmentInfo, trigger: FlushTrigger): Promise<boolean> {
    this.busy = true;
    try {
      return await this.insertSegment(seg, trigger);
    } finally {
      this.busy = false;
    }
  }

  private async insertSegment(seg: SegmentInfo, trigger: FlushTrigger): Promise<boolean> {
    const started = performance.now();
    const { byTable, days, lines, received } = await this.spool.readRows(seg);
    const report = (outcome: FlushReport['outcome'], error?: string): FlushReport => ({
      trigger,
      segment: seg.name,
      rows: lines,
      bytes: seg.bytes,
      durationMs: performance.now() - started,
      outcome,
      ...(error ? { error } : {}),
      days: Object.fromEntries(Object.entries(days).map(([t, s]) => [t, [...s].sort()])),
      at: Date.now(),
    });
    const live = this.lives.get(seg.name);
    this.lives.delete(seg.name);
    const insertTable = async (table: string, groups: RowGroup[], streamed: boolean) => {
      if (!streamed)
        await Promise.all(groups.map((g) => this.wh.insertBlocks(table, g.columns, g.chunks)));
      if (!(EVENT_TABLES as readonly string[]).includes(table)) return;
      const settled = await settleKeyMoves(this.wh, table as EventTableName, {
        days: [...(days[table] ?? [])],
        received,
      });
      for (const d of settled.extraDays) (days[table] ??= new Set()).add(d);
    };
    try {
      // A live insert that failed is simply done again from the segment's rows.
      const streamed = live
        ? await live.finish().then(
            () => true,
            () => false,
          )
        : false;
      // The tables go in side by side: one table's settling overlaps another's insert.
      const results = await Promise.allSettled(
        [...byTable].map(([table, groups]) => insertTable(table, groups, streamed)),
      );
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (err) {
      const message = (err as Error).message;
      this.lastError = message;
      if (isPermanentInsertError(err)) {
        const where = await this.spool.moveDead(seg);
        console.error(
          `ALARM: Spool-Segment ${seg.name} lässt sich nicht einfügen und liegt jetzt in ${where}: ${message}`,
        );
        this.lastFlush = report('dead', message);
        await this.onFlush(this.lastFlush);
        return true;
      }
      this.failures++;
      this.lastFlush = report('retry', message);
      await this.onFlush(this.lastFlush);
      return false;
    }
    this.failures = 0;
    this.lastError = null;
    this.lastFlush = report('ok');
    // Before the segment goes: what onFlush records (the days for the rollups) must not be
    // lost to a crash in between. A replay after such a crash inserts the same rows again.
    await this.onFlush(this.lastFlush);
    await this.spool.remove(seg);
    return true;
  }
}
