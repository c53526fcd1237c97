import { loadServiceCatalog } from '../domain/catalog/service-catalog.ts';
import { loadSiteRegistry } from '../domain/sites/site-registry.ts';
import { Warehouse } from './client.ts';
import { warehouseConfig } from './config.ts';
import { ensureWarehouse } from './ensure.ts';
import { migrate, type MigrateResult } from './migrate.ts';
import { syncServiceCatalog } from './service-catalog-sync.ts';
import { syncSiteRegistry } from './site-registry-sync.ts';

/**
 * What every command that writes or serves needs first: a server (the managed one when
 * CLICKHOUSE_URL is unset), the current schema, and the configured service catalog and site registry.
 */
export async function prepareWarehouse(
  log: (msg: string) => void = console.log,
): Promise<MigrateResult> {
  await ensureWarehouse(log);
  const result = await migrate({ log });
  const config = warehouseConfig();
  const admin = new Warehouse(config, 'admin', config.database);
  try {
    await syncServiceCatalog(admin, loadServiceCatalog());
    await syncSiteRegistry(admin, loadSiteRegistry());
  } finally {
    await admin.close();
  }
  return result;
}
