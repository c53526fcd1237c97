/**
 * Keeps the daily rollups in step with what the writer flushed, without holding the
 * writer up: a flush notes the days it touched, and they are recomputed (from the
 * deduplicated raw rows) at most once per interval, in the background. A burst of flushes
 * touching the same days thus costs one recompute, not one per flush. While a bulk load
 * streams in (`holdWhile`, e.g. the spool holds a backlog) it waits longer, up to
 * `maxLagMs`: recomputing then would redo the same days again and again for nothing.
 *
 * The noted days are written to a small file before the writer removes the segment, so a
 * crash between the insert and the recompute cannot leave a rollup stale: on start, the
 * days left in the file are recomputed first. A failed recompute keeps its days and is
 * tried again later. A file that cannot be written (a full disk) holds nobody up either:
 * the days stay in memory, are recomputed as usual, and the file is written again soon;
 * only a crash before then could leave those days' rollups stale (`rollups rebuild`).
 */
import { readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { recomputeTouched } from '../rollups/recompute.ts';
import type { Warehouse } from '../../warehouse/client.ts';

export interface RollupMaintainerOptions {
  /** Shortest time between two recomputes; 0 recomputes right after each flush. */
  intervalMs: number;
  /** Where the days still to recompute are kept across restarts. */
  pendingFile: string;
  /** While this holds, recomputes wait (a bulk load is streaming in) … */
  holdWhile?: () => boolean;
  /** … but never longer than this after the oldest pending note. Default 30 s. */
  maxLagMs?: number;
  log?: (msg: string) => void;
}

const HOLD_POLL_MS = 200;
/** After a failed write of the pending file, try again this soon (space may be back). */
const PERSIST_RETRY_MS = 1_000;

export class RollupMaintainer {
  private pending = new Map<string, Set<string>>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastRun = 0;
  private inFlight = 0;
  /** The days being recomputed: still written to the file, in case the process dies meanwhile. */
  private flying: Record<string, string[]> = {};
  /** When the oldest day still pending was noted. */
  private pendingSince = Date.now();
  private failed = false;
  private closed = false;
  private persisting: Promise<void> = Promise.resolve();
  private persistRetry: NodeJS.Timeout | null = null;
  /** Why the pending file could not be written last time; null once it could. */
  persistError: string | null = null;
  private readonly log: (msg: string) => void;

  constructor(
    private readonly wh: Warehouse,
    private readonly options: RollupMaintainerOptions,
  ) {
    this.log = options.log ?? console.error;
    this.add(readPending(options.pendingFile));
    this.schedule();
  }

  /** Notes the days a flush touched; resolves once they are on disk. */
  async note(days: Record<string, readonly string[]>): Promise<void> {
    this.add(days);
    await this.persist();
    this.schedule();
  }

  /** True when every noted day has been recomputed. */
  get idle(): boolean {
    return this.running === null && this.queuedDays() === 0;
  }

  /** Days whose rollups do not include everything flushed yet (queued or being recomputed). */
  pendingDays(): number {
    return this.queuedDays() + this.inFlight;
  }

  private queuedDays(): number {
    let n = 0;
    for (const s of this.pending.values()) n += s.size;
    return n;
  }

  /** Recomputes what is pending now (on shutdown); what fails stays in the file. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.persistRetry) clearTimeout(this.persistRetry);
    this.timer = null;
    this.persistRetry = null;
    await this.running;
    if (this.queuedDays() > 0) await this.run();
    await this.persisting;
  }

  /** After a failure: ClickHouse is likely down or busy, so wait longer than usual. */
  private retryMs(): number {
    return Math.max(1_000, 2 * this.options.intervalMs);
  }

  private add(days: Record<string, readonly string[]>): void {
    if (this.queuedDays() === 0) this.pendingSince = Date.now();
    for (const [table, list] of Object.entries(days)) {
      let set = this.pending.get(table);
      if (!set) this.pending.set(table, (set = new Set()));
      for (const d of list) set.add(d);
    }
  }

  private snapshot(): Record<string, string[]> {
    return Object.fromEntries([...this.pending].map(([t, s]) => [t, [...s].sort()]));
  }

  /**
   * Writes the pending days atomically (temp file + rename), one write at a time, each of
   * the days as they are when it runs. Never rejects: a failure is logged and retried.
   */
  private persist(): Promise<void> {
    const file = this.options.pendingFile;
    this.persisting = this.persisting.then(async () => {
      const text = JSON.stringify(mergeDays(this.snapshot(), this.flying));
      try {
        await writeFile(`${file}.tmp`, text, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
        if (this.persistError !== null) this.log(`${file} wird wieder geschrieben.`);
        this.persistError = null;
      } catch (err) {
        if (this.persistError === null)
          this.log(
            `${file} nicht geschrieben (${(err as Error).message}); Tagesaggregate werden trotzdem aktualisiert, neuer Versuch in ${PERSIST_RETRY_MS / 1000} s.`,
          );
        this.persistError = (err as Error).message;
        await rm(`${file}.tmp`, { force: true }).catch(() => {});
        this.retryPersist();
      }
    });
    return this.persisting;
  }

  private retryPersist(): void {
    if (this.closed || this.persistRetry) return;
    this.persistRetry = setTimeout(() => {
      this.persistRetry = null;
      void this.persist();
    }, PERSIST_RETRY_MS);
  }

  private schedule(): void {
    if (this.closed || this.running || this.timer || this.queuedDays() === 0) return;
    const interval = this.failed ? this.retryMs() : this.options.intervalMs;
    const wait = Math.max(0, this.lastRun + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.holding()) {
        // Look again soon: the rollups should follow shortly after the load ends.
        this.lastRun = Date.now() - interval + HOLD_POLL_MS;
        this.schedule();
        return;
      }
      this.running = this.run().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, wait);
  }

  private holding(): boolean {
    const maxLag = this.options.maxLagMs ?? 30_000;
    return (this.options.holdWhile?.() ?? false) && Date.now() - this.pendingSince < maxLag;
  }

  private async run(): Promise<void> {
    const touched = this.snapshot();
    this.inFlight = this.queuedDays();
    this.flying = touched;
    this.pending = new Map();
    try {
      await recomputeTouched(this.wh, touched);
      this.failed = false;
    } catch (err) {
      this.failed = true;
      this.add(touched);
      this.log(
        `Tagesaggregate nicht aktualisiert (${(err as Error).message}); neuer Versuch in ${this.retryMs() / 1000} s.`,
      );
    } finally {
      this.inFlight = 0;
      this.flying = {};
      this.lastRun = Date.now();
    }
    await this.persist();
  }
}

function mergeDays(
  a: Record<string, string[]>,
  b: Record<string, string[]>,
): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [table, days] of Object.entries(b))
    out[table] = [...new Set([...(out[table] ?? []), ...days])].sort();
  return out;
}

function readPending(file: string): Record<string, string[]> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {}; // first start: nothing pending
  }
  try {
    return JSON.parse(text) as Record<string, string[]>;
  } catch {
    console.error(
      `${file} ist unlesbar; falls Tagesaggregate fehlen: "lagebild rollups rebuild" ausführen.`,
    );
    return {};
  }
}
