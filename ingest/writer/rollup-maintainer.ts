/**
 * Keeps the daily rollups in step with what the writer flushed: after each confirmed
 * insert, the days it touched are recomputed. Days whose recompute failed (ClickHouse
 * gone again) are kept and retried with the next flush, so none is skipped.
 */
import { recomputeTouched } from '../../queries/rollups/recompute.ts';
import type { Warehouse } from '../../warehouse/client.ts';

export class RollupMaintainer {
  private pending = new Map<string, Set<string>>();

  constructor(
    private readonly wh: Warehouse,
    private readonly log: (msg: string) => void = console.error,
  ) {}

  async afterFlush(days: Record<string, readonly string[]>): Promise<void> {
    for (const [table, list] of Object.entries(days)) {
      let set = this.pending.get(table);
      if (!set) this.pending.set(table, (set = new Set()));
      for (const d of list) set.add(d);
    }
    const touched = Object.fromEntries([...this.pending].map(([t, s]) => [t, [...s].sort()]));
    try {
      await recomputeTouched(this.wh, touched);
      this.pending.clear();
    } catch (err) {
      this.log(
        `Tagesaggregate nicht aktualisiert (${(err as Error).message}); neuer Versuch beim nächsten Schreiben.`,
      );
    }
  }

  pendingDays(): number {
    let n = 0;
    for (const s of this.pending.values()) n += s.size;
    return n;
  }
}
