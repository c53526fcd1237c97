/**
 * `npm run bench`: throughput and latency figures, each printed beside the raw ClickHouse
 * figure for the same work in the same run. Not a test: it never fails a build.
 */
import { ensureWarehouse } from '../warehouse/ensure.ts';
import { benchDashboardPages } from './dashboard-pages.bench.ts';
import { benchIngestHttp } from './ingest-http.bench.ts';
import { benchReadApi } from './read-api.bench.ts';
import { benchWarehouseInsert } from './warehouse-insert.bench.ts';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'warehouse-insert': benchWarehouseInsert,
  'ingest-http': benchIngestHttp,
  'read-api': benchReadApi,
  'dashboard-pages': benchDashboardPages,
};

await ensureWarehouse();
for (const [name, run] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await run();
}
