import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Warehouse } from '../../warehouse/client.ts';
import { warehouseConfig, type WarehouseConfig } from '../../warehouse/config.ts';
import { ident, sql } from '../../warehouse/literal.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { loadServiceCatalog } from '../../domain/catalog/service-catalog.ts';
import { loadSiteRegistry } from '../../domain/sites/site-registry.ts';
import { syncServiceCatalog } from '../../warehouse/service-catalog-sync.ts';
import { syncSiteRegistry } from '../../warehouse/site-registry-sync.ts';

export interface TestDatabase {
  name: string;
  admin: Warehouse;
  ingest: Warehouse;
  reader: Warehouse;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database `lagebild_test_<created, seconds base 36>_<random>` on the real
 * server (or the embedded engine, LAGEBILD_ENGINE=chdb), one per test file; the creation time lets a later run drop only what an aborted
 * run left, not the databases of a run going on beside it.
 */
export async function createTestDatabase(
  config: WarehouseConfig = warehouseConfig(),
): Promise<TestDatabase> {
  const name = `lagebild_test_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(6).toString('hex')}`;
  await migrate({ database: name, config });
  const admin = new Warehouse(config, 'admin', name);
  await syncServiceCatalog(admin, loadServiceCatalog());
  await syncSiteRegistry(admin, loadSiteRegistry());
  const ingest = new Warehouse(config, 'ingest', name);
  const reader = new Warehouse(config, 'reader', name);
  return {
    name,
    admin,
    ingest,
    reader,
    async drop() {
      await Promise.all([ingest.close(), reader.close()]);
      await admin.command(sql`DROP DATABASE IF EXISTS ${ident(name)}`);
      await admin.close();
      // The embedded engine's folder is this process's own; nothing else reads it.
      if (config.engine === 'chdb')
        rmSync(config.url.slice('chdb://'.length), { recursive: true, force: true });
    },
  };
}

/** True for a test database older than `maxAgeMs` (or named by an older scheme). */
export function isStaleTestDatabase(
  name: string,
  now = Date.now(),
  maxAgeMs = 3 * 3600_000,
): boolean {
  const m = /^lagebild_test_([0-9a-z]+)_[0-9a-f]+$/.exec(name);
  if (!m) return name.startsWith('lagebild_test_');
  return now - parseInt(m[1]!, 36) * 1000 > maxAgeMs;
}
