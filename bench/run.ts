/**
 * `npm run bench [name]`: throughput and latency figures, each printed beside the raw
 * ClickHouse figure or a peer measured in the same run. Not a test: it never fails a build.
 */
import { ensureWarehouse } from '../warehouse/ensure.ts';
import { benchCluster } from './cluster.bench.ts';
import { benchDashboardPages } from './dashboard-pages.bench.ts';
import { benchForecast } from './forecast.bench.ts';
import { benchIngestHttp } from './ingest-http.bench.ts';
import { benchReadApi } from './read-api.bench.ts';
import { benchWarehouseInsert } from './warehouse-insert.bench.ts';

// `--cluster` (as the issue names it) is the cluster bench.
const only = process.argv[2] === '--cluster' ? 'cluster' : process.argv[2];
const benches: Record<string, { run: () => Promise<void>; needsWarehouse: boolean }> = {
  'warehouse-insert': { run: benchWarehouseInsert, needsWarehouse: true },
  'ingest-http': { run: benchIngestHttp, needsWarehouse: true },
  'read-api': { run: benchReadApi, needsWarehouse: true },
  'dashboard-pages': { run: benchDashboardPages, needsWarehouse: true },
  forecast: { run: benchForecast, needsWarehouse: false },
  cluster: { run: benchCluster, needsWarehouse: true },
};
if (only && !(only in benches)) {
  console.error(`Unbekannter Benchmark "${only}": einer von ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
// The cluster bench starts four servers: only when asked for.
const selected = Object.entries(benches).filter(([name]) =>
  only ? only === name : name !== 'cluster',
);
if (selected.some(([, b]) => b.needsWarehouse)) await ensureWarehouse();
for (const [, b] of selected) await b.run();
