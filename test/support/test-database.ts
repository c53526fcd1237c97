import { randomBytes } from 'node:crypto';
import { Warehouse } from '../../warehouse/client.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { ident, sql } from '../../warehouse/literal.ts';
import { migrate } from '../../warehouse/migrate.ts';
import { loadServiceCatalog } from '../../ingest/catalog/service-catalog.ts';
import { syncServiceCatalog } from '../../warehouse/service-catalog-sync.ts';

export interface TestDatabase {
  name: string;
  admin: Warehouse;
  ingest: Warehouse;
  reader: Warehouse;
  drop(): Promise<void>;
}

/** A fresh, migrated database `lagebild_test_<random>` on the real server, one per test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const config = warehouseConfig();
  const name = `lagebild_test_${randomBytes(6).toString('hex')}`;
  await migrate({ database: name, config });
  const admin = new Warehouse(config, 'admin', name);
  await syncServiceCatalog(admin, loadServiceCatalog());
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
    },
  };
}
