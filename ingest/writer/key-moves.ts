/**
 * Keeps "(type, id) is the identity, the highest version wins" true when a newer version
 * moves an event to another local day or site. The tables are sorted by (site, day, id), so
 * ReplacingMergeTree only collapses versions under the same key; a move would leave the old
 * row alive under its old key.
 *
 * So after a batch is inserted, ClickHouse is asked which of the batch's ids now live under
 * more than one key — corrections, rare — and only their rows come back. Every key of such
 * an id but the winning one gets a `deleted = 1` tombstone carrying the winner's version.
 * The winner holds the highest version; between equal versions a live row beats a
 * tombstone, then the later receipt wins. Settling after the insert, in ClickHouse, means
 * no row of the batch is parsed here. A crash in between is repaired by the replay: the
 * segment is removed only after both steps.
 *
 * The batch's ids are found by the rows' days and receipt time (`ingested_at`), so no id
 * list travels. The lookup covers 31 days either side of the batch's days (partition
 * pruning keeps it cheap at scale); a correction moving an event further is not detected.
 */
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';

export const EVENT_TABLES = ['visits', 'calls', 'emails', 'online'] as const;
export type EventTableName = (typeof EVENT_TABLES)[number];
export const MOVE_WINDOW_DAYS = 31;

export interface BatchScope {
  /** The local days of the batch's rows. */
  days: readonly string[];
  /** Receipt times of the batch's rows, if known: narrows the search for its ids. */
  received: { from: number; to: number } | null;
}

export interface Settled {
  tombstones: number;
  /** Local days where tombstones went (their rollups change too). */
  extraDays: string[];
}

interface StoredRow extends Record<string, unknown> {
  id: string;
  site: string;
  day: string;
  version: number;
  deleted: number;
  ingested_at: string;
}

/** Orders rows of one id: higher version, then live over deleted, then later receipt. */
function beats(a: StoredRow, b: StoredRow): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.deleted !== b.deleted) return a.deleted < b.deleted;
  if (a.ingested_at !== b.ingested_at) return a.ingested_at > b.ingested_at;
  return `${a.site}\u0000${a.day}` > `${b.site}\u0000${b.day}`;
}

/** The current row of each key, as FINAL sees it (a tombstone is written after what it buries). */
function currentByKey(rows: readonly StoredRow[]): StoredRow[] {
  const byKey = new Map<string, StoredRow>();
  for (const r of rows) {
    const key = `${r.site}\u0000${r.day}`;
    const cur = byKey.get(key);
    if (!cur || r.version > cur.version || (r.version === cur.version && r.deleted > cur.deleted)) {
      byKey.set(key, r);
    }
  }
  return [...byKey.values()];
}

/** The tombstones that settle one id's rows (empty when they already agree). */
export function tombstonesFor(rows: readonly StoredRow[]): StoredRow[] {
  const current = currentByKey(rows);
  if (current.length < 2) return [];
  let winner = current[0]!;
  for (const r of current) if (beats(r, winner)) winner = r;
  return current
    .filter((r) => r !== winner && r.deleted === 0)
    .map((r) => ({ ...r, version: winner.version, deleted: 1 }));
}

export async function settleKeyMoves(
  wh: Warehouse,
  table: EventTableName,
  scope: BatchScope,
): Promise<Settled> {
  if (scope.days.length === 0) return { tombstones: 0, extraDays: [] };
  const days = [...scope.days].sort();
  const t = ident(table);
  const window = sql`day BETWEEN ${lit.date(addDays(days[0]!, -MOVE_WINDOW_DAYS))} AND ${lit.date(addDays(days.at(-1)!, MOVE_WINDOW_DAYS))}`;
  // ingested_at is the receipt time in whole seconds, as lit.dateTime renders it.
  const received = scope.received
    ? sql` AND ingested_at BETWEEN ${lit.dateTime(new Date(scope.received.from))} AND ${lit.dateTime(new Date(scope.received.to))}`
    : sql``;
  const rows = await wh.query<StoredRow>(sql`
    SELECT * FROM ${t}
    WHERE ${window} AND id IN (
      SELECT id FROM ${t}
      WHERE ${window} AND id IN (
        SELECT id FROM ${t} WHERE day IN ${lit.inList(days, lit.date)}${received})
      GROUP BY id
      HAVING uniqExact(site, day) > 1)`);
  if (rows.length === 0) return { tombstones: 0, extraDays: [] };
  const byId = new Map<string, StoredRow[]>();
  for (const r of rows) {
    const row = { ...r, version: Number(r.version), deleted: Number(r.deleted) };
    const list = byId.get(row.id);
    if (list) list.push(row);
    else byId.set(row.id, [row]);
  }
  const tombstones = [...byId.values()].flatMap(tombstonesFor);
  await wh.insert(table, tombstones);
  return {
    tombstones: tombstones.length,
    extraDays: [...new Set(tombstones.map((r) => r.day))],
  };
}
