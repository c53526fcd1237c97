import { ensureChromium } from '../../dashboard/server/chromium.ts';
import { Warehouse } from '../../warehouse/client.ts';
import { warehouseConfig } from '../../warehouse/config.ts';
import { ensureWarehouse } from '../../warehouse/ensure.ts';
import { ident, sql } from '../../warehouse/literal.ts';
import { isStaleTestDatabase } from './test-database.ts';

/**
 * Once per run: Chromium and a real ClickHouse must be there (installed as root on Debian like
 * `npm start` does, the managed server started when CLICKHOUSE_URL is unset), so no test
 * skips for a missing program; test databases left by an aborted run (hours old) are dropped.
 */
export default async function setup(): Promise<void> {
  ensureChromium();
  await ensureWarehouse(() => {});
  const wh = new Warehouse(warehouseConfig(), 'admin', 'system');
  try {
    const stale = await wh.query<{ name: string }>(
      sql`SELECT name FROM system.databases WHERE startsWith(name, 'lagebild_test_')`,
    );
    for (const { name } of stale.filter((d) => isStaleTestDatabase(d.name)))
      await wh.command(sql`DROP DATABASE IF EXISTS ${ident(name)}`);
  } finally {
    await wh.close();
  }
}
