/** When a source last delivered (request or file), from the ingest batches. */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';

export async function lastDelivery(wh: Warehouse, source: string): Promise<Date | null> {
  const [row] = await wh.query<{ n: number; last: number }>(sql`
    SELECT count() AS n, toUInt32(max(received_at)) AS last FROM ingest_batches
    WHERE source = ${lit.string(source)}`);
  return Number(row?.n ?? 0) > 0 ? new Date(Number(row!.last) * 1000) : null;
}
