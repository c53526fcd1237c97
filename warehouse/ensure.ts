import { loadConfig, type Config } from '../config/environment.ts';
import { startLocalServer } from './local-server.ts';

/** Makes sure a server is there: the managed one is started when CLICKHOUSE_URL is unset. */
export async function ensureWarehouse(
  log: (msg: string) => void = console.log,
  config: Config = loadConfig(),
): Promise<void> {
  if (config.clickhouse.url) return;
  await startLocalServer(log);
}
