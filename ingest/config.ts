import { loadConfig, type Config } from '../config/environment.ts';
import { defaultAcceptThreads } from './pipeline/accept-pool.ts';

/** The ingest service's settings (documented in the README's configuration table). */
export function ingestConfig(config: Config = loadConfig()) {
  return {
    ...config.ingest,
    /** Worker threads that parse and validate request bodies; 0 does it on the main thread. */
    acceptThreads: config.ingest.acceptThreads ?? defaultAcceptThreads(),
  };
}

export type IngestConfig = ReturnType<typeof ingestConfig>;
