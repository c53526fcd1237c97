import type { Warehouse } from '../../warehouse/client.ts';
import type { Event, EventType } from '../../domain/contract/event.ts';
import { TABLE_OF, toRow, type EventRow } from '../../ingest/pipeline/to-row.ts';

/**
 * Writes validated events: one JSONEachRow insert per table. Ids come from the source,
 * so a retried insert collapses in ReplacingMergeTree instead of counting twice.
 */
export async function insertEvents(
  wh: Warehouse,
  events: readonly Event[],
  receivedAt = new Date(),
): Promise<void> {
  const byType: Record<EventType, EventRow[]> = { visit: [], call: [], email: [], online: [] };
  for (const e of events) byType[e.type].push(toRow(e, receivedAt));
  await Promise.all(
    (Object.keys(byType) as EventType[]).map((type) => wh.insert(TABLE_OF[type], byType[type])),
  );
}
