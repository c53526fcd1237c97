import type { Warehouse } from './client.ts';
import { ident, sql } from './literal.ts';

export interface TableStats {
  table: string;
  rows: number;
  firstDay: string | null;
  lastDay: string | null;
}

const DAY_COLUMN: ReadonlyArray<[table: string, column: string]> = [
  ['visits', 'day'],
  ['calls', 'day'],
  ['emails', 'day'],
  ['roster', 'date'],
  ['annotations', 'date'],
];

/** Stored rows (before deduplication) and the day range of the main tables, for start-up summaries. */
export async function tableStats(wh: Warehouse): Promise<TableStats[]> {
  const out: TableStats[] = [];
  for (const [table, column] of DAY_COLUMN) {
    const col = ident(column);
    const [row] = await wh.query<{ rows: number; first: string; last: string }>(
      sql`SELECT count() AS rows, toString(min(${col})) AS first, toString(max(${col})) AS last FROM ${ident(table)}`,
    );
    const rows = Number(row?.rows ?? 0);
    out.push({
      table,
      rows,
      firstDay: rows ? (row?.first ?? null) : null,
      lastDay: rows ? (row?.last ?? null) : null,
    });
  }
  return out;
}
