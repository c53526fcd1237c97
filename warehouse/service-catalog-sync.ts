import type { ServiceCatalog } from '../domain/catalog/service-catalog.ts';
import { catalogRows } from '../domain/reference-rows.ts';
import type { Warehouse } from './client.ts';

/** Writes the configured catalog into the warehouse so queries can join names, domains and targets. */
export async function syncServiceCatalog(wh: Warehouse, catalog: ServiceCatalog): Promise<void> {
  await wh.insert('service_catalog', catalogRows(catalog, Date.now()));
}
