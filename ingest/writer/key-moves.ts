/**
 * Keeps "(type, id) is the identity, the highest version wins" true when a newer version
 * moves an event to another local day or site. The tables are sorted by (site, day, id), so
 * ReplacingMergeTree only collapses versions under the same key; a move would leave the old
 * row alive. Before a batch is inserted, the current keys of its ids are looked up: an older
 * live row elsewhere gets a `deleted = 1` tombstone under its key (with the new version), and
 * an incoming row older than what is stored elsewhere goes in already marked deleted.
 *
 * Rows travel as JSONEachRow lines (the spool's form) and are only re-serialised when they
 * change. The lookup covers 62 days around each row's day (partition pruning keeps it cheap
 * at scale); a correction moving an event further than that is not detected.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';

export const EVENT_TABLES = ['visits', 'calls', 'emails'] as const;
export type EventTableName = (typeof EVENT_TABLES)[number];
export const MOVE_WINDOW_DAYS = 31;
/** Lines handled between two turns of the event loop, so requests are not held up. */
const YIELD_EVERY = 5_000;

interface Key {
  id: string;
  version: number;
  site: string;
  day: string;
}

export interface ResolvedBatch {
  lines: string[];
  /** Local days whose rollups change besides those of the rows (where tombstones went). */
  extraDays: string[];
}

const ID_AT = '{"id":"'.length;

/**
 * The identity fields of a row line: to-row writes id, version, site and day first and
 * `deleted` right after. Ids and sites without escapes (nearly all) are cut out of the
 * text directly, which is several times cheaper than JSON.parse on every line.
 */
export function keyOfLine(json: string): Key {
  const idEnd = json.indexOf('","version":', ID_AT);
  const siteAt = json.indexOf(',"site":"', idEnd);
  const dayAt = json.indexOf('","day":"', siteAt);
  const id = json.slice(ID_AT, idEnd);
  const site = json.slice(siteAt + 9, dayAt);
  if (
    json.startsWith('{"id":"') &&
    idEnd > 0 &&
    siteAt > 0 &&
    dayAt > 0 &&
    !id.includes('\\') &&
    !site.includes('\\')
  ) {
    return {
      id,
      version: Number(json.slice(idEnd + 12, siteAt)),
      site,
      day: json.slice(dayAt + 9, dayAt + 19),
    };
  }
  const cut = json.indexOf(',"deleted":');
  return JSON.parse(cut > 0 ? `${json.slice(0, cut)}}` : json) as Key;
}

function place(k: { site: string; day: string }): string {
  return `${k.site}\u0000${k.day}`;
}

function markDeleted(json: string): string {
  return json.replace(',"deleted":0,', ',"deleted":1,');
}

export async function resolveKeyMoves(
  wh: Warehouse,
  table: EventTableName,
  lines: readonly string[],
): Promise<ResolvedBatch> {
  if (lines.length === 0) return { lines: [], extraDays: [] };
  const keys: Key[] = [];
  // Within the batch: the highest version of each id decides where it lives.
  const newest = new Map<string, number>();
  let firstDay = '9999-12-31';
  let lastDay = '0000-01-01';
  for (let i = 0; i < lines.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToLoop();
    const k = keyOfLine(lines[i]!);
    keys.push(k);
    const cur = newest.get(k.id);
    if (cur === undefined || k.version > keys[cur]!.version) newest.set(k.id, i);
    if (k.day < firstDay) firstDay = k.day;
    if (k.day > lastDay) lastDay = k.day;
  }
  // One statement per batch; the ids travel beside it as external data (see queryWithList).
  const stored = await wh.queryWithList<{
    id: string;
    site: string;
    d: string;
    top: number;
    del: number;
  }>(
    sql`
      SELECT id, site, toString(day) AS d, max(version) AS top, argMax(deleted, version) AS del
      FROM ${ident(table)}
      WHERE day BETWEEN ${lit.date(addDays(firstDay, -MOVE_WINDOW_DAYS))} AND ${lit.date(addDays(lastDay, MOVE_WINDOW_DAYS))}
        AND id IN (SELECT value FROM batch_ids)
      GROUP BY id, site, day`,
    'batch_ids',
    [...newest.keys()],
  );
  const live = new Map<string, Key[]>();
  for (const s of stored) {
    if (Number(s.del) !== 0) continue;
    const list = live.get(s.id) ?? [];
    list.push({ id: s.id, site: s.site, day: s.d, version: Number(s.top) });
    live.set(s.id, list);
  }
  const out: string[] = [];
  const extraDays = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToLoop();
    const k = keys[i]!;
    const winner = keys[newest.get(k.id)!]!;
    // A row of the batch that lost to a newer one of the same batch under another key.
    if (winner !== k && place(k) !== place(winner)) {
      out.push(markDeleted(lines[i]!));
      continue;
    }
    const stored = live.get(k.id);
    // Nothing stored under this id yet (the common case): the row goes in as it is.
    if (stored === undefined) {
      out.push(lines[i]!);
      continue;
    }
    const elsewhere = stored.filter((s) => place(s) !== place(k));
    if (elsewhere.some((s) => s.version >= k.version)) {
      out.push(markDeleted(lines[i]!));
      continue;
    }
    out.push(lines[i]!);
    for (const s of elsewhere) {
      const row = JSON.parse(lines[i]!) as Record<string, unknown>;
      out.push(JSON.stringify({ ...row, site: s.site, day: s.day, deleted: 1 }));
      extraDays.add(s.day);
    }
  }
  return { lines: out, extraDays: [...extraDays] };
}
