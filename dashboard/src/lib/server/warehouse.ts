import { Warehouse } from '$warehouse/client.ts';
import { warehouseConfig } from '$warehouse/config.ts';

let reader: Warehouse | undefined;

/** The dashboard and read API only ever read: they connect as the read-only user. */
export function readerWarehouse(): Warehouse {
  if (!reader) {
    const config = warehouseConfig();
    reader = new Warehouse(config, 'reader', config.database);
  }
  return reader;
}
