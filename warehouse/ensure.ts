import { startLocalServer } from './local-server.ts';

/** Makes sure a server is there: the managed one is started when CLICKHOUSE_URL is unset. */
export async function ensureWarehouse(log: (msg: string) => void = console.log): Promise<void> {
  if (process.env.CLICKHOUSE_URL) return;
  await startLocalServer(log);
}
