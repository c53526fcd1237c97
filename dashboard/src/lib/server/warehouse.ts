import { Warehouse } from '$warehouse/client.ts';
import { warehouseConfig } from '$warehouse/config.ts';

let reader: Warehouse | undefined;

/**
 * The dashboard and read API only ever read: they connect as the read-only user, the only
 * one `serve` gives this process (CLICKHOUSE_READER_ONLY); annotations go through the ingest
 * service (annotation-writer.ts).
 */
export function readerWarehouse(): Warehouse {
  if (!reader) {
    const config = warehouseConfig();
    reader = new Warehouse(config, 'reader', config.database);
  }
  return reader;
}
