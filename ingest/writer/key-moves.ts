/**
 * Keeps "(type, id) is the identity, the highest version wins" true when a newer version
 * moves an event to another local day or site. The tables are sorted by (site, day, id), so
 * ReplacingMergeTree only collapses versions under the same key; a move would leave the old
 * row alive. Before a batch is inserted, the current keys of its ids are looked up: an older
 * live row elsewhere gets a `deleted = 1` tombstone under its key (with the new version), and
 * an incoming row older than what is stored elsewhere goes in already marked deleted.
 *
 * The lookup covers 62 days around each row's day (partition pruning keeps it cheap at
 * scale); a correction moving an event further than that is not detected.
 */
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, ident } from '../../warehouse/literal.ts';

export const EVENT_TABLES = ['visits', 'calls', 'emails'] as const;
export const MOVE_WINDOW_DAYS = 31;
const LOOKUP_CHUNK = 4_000;

interface KeyRow {
  id: string;
  site: string;
  day: string;
  version: number;
}

type Row = Record<string, unknown> & KeyRow;

export interface ResolvedBatch {
  rows: Record<string, unknown>[];
  /** Local days whose rollups change besides those of `rows` (where tombstones went). */
  extraDays: string[];
}

function keyOf(r: { site: string; day: string }): string {
  return `${r.site}\u0000${r.day}`;
}

export async function resolveKeyMoves(
  wh: Warehouse,
  table: (typeof EVENT_TABLES)[number],
  input: readonly Record<string, unknown>[],
): Promise<ResolvedBatch> {
  if (input.length === 0) return { rows: [], extraDays: [] };
  const rows = input as Row[];
  // Within the batch: the highest version of each id decides where it lives.
  const newest = new Map<string, Row>();
  for (const r of rows) {
    const cur = newest.get(r.id);
    if (!cur || r.version > cur.version) newest.set(r.id, r);
  }
  const days = rows.map((r) => r.day).sort();
  const ids = [...newest.keys()];
  const stored: { id: string; site: string; d: string; top: number; del: number }[] = [];
  // Chunks keep each statement well under ClickHouse's max_query_size (256 KiB).
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    stored.push(
      ...(await wh.query<{ id: string; site: string; d: string; top: number; del: number }>(sql`
        SELECT id, site, toString(day) AS d, max(version) AS top, argMax(deleted, version) AS del
        FROM ${ident(table)}
        WHERE day BETWEEN ${lit.date(addDays(days[0]!, -MOVE_WINDOW_DAYS))} AND ${lit.date(addDays(days[days.length - 1]!, MOVE_WINDOW_DAYS))}
          AND id IN ${lit.inList(ids.slice(i, i + LOOKUP_CHUNK), lit.string)}
        GROUP BY id, site, day`)),
    );
  }
  const out: Record<string, unknown>[] = [];
  const extraDays = new Set<string>();
  const live = new Map<string, KeyRow[]>();
  for (const s of stored) {
    if (Number(s.del) !== 0) continue;
    const list = live.get(s.id) ?? [];
    list.push({ id: s.id, site: s.site, day: s.d, version: Number(s.top) });
    live.set(s.id, list);
  }
  for (const r of rows) {
    const winner = newest.get(r.id)!;
    // Rows of the batch that lost to a newer one of the same batch under another key.
    if (r !== winner && keyOf(r) !== keyOf(winner)) {
      out.push({ ...r, deleted: 1 });
      continue;
    }
    const elsewhere = (live.get(r.id) ?? []).filter((s) => keyOf(s) !== keyOf(r));
    if (elsewhere.some((s) => Number(s.version) >= r.version)) {
      out.push({ ...r, deleted: 1 });
      continue;
    }
    out.push(r);
    for (const s of elsewhere) {
      out.push({ ...r, site: s.site, day: s.day, deleted: 1 });
      extraDays.add(s.day);
    }
  }
  return { rows: out, extraDays: [...extraDays] };
}
