/**
 * `npm run bench [name]`: throughput and latency figures, each printed beside the raw
 * ClickHouse figure or a peer measured in the same run. Not a test: it never fails a build.
 */
import { ensureWarehouse } from '../warehouse/ensure.ts';
import { benchDashboardPages } from './dashboard-pages.bench.ts';
import { benchForecast } from './forecast.bench.ts';
import { benchIngestHttp } from './ingest-http.bench.ts';
import { benchReadApi } from './read-api.bench.ts';
import { benchWarehouseInsert } from './warehouse-insert.bench.ts';

const only = process.argv[2];
const benches: Record<string, { run: () => Promise<void>; needsWarehouse: boolean }> = {
  'warehouse-insert': { run: benchWarehouseInsert, needsWarehouse: true },
  'ingest-http': { run: benchIngestHttp, needsWarehouse: true },
  'read-api': { run: benchReadApi, needsWarehouse: true },
  'dashboard-pages': { run: benchDashboardPages, needsWarehouse: true },
  forecast: { run: benchForecast, needsWarehouse: false },
};
if (only && !(only in benches)) {
  console.error(`Unbekannter Benchmark "${only}": einer von ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const selected = Object.entries(benches).filter(([name]) => !only || only === name);
if (selected.some(([, b]) => b.needsWarehouse)) await ensureWarehouse();
for (const [, b] of selected) await b.run();
