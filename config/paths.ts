import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from './environment.ts';

export { PROJECT_ROOT } from './project-root.ts';

/** `LAGEBILD_DATA_DIR`, default `.data/` in the project. */
export function dataDir(config: Config = loadConfig()): string {
  return config.dataDir;
}

export function clickhouseDir(config: Config = loadConfig()): string {
  return join(config.dataDir, 'clickhouse');
}

/**
 * Creates `dir` (and missing parents) readable by this user only, and makes an existing
 * `dir` so too; for folders that hold events, tokens or passwords. Parents that exist
 * already keep their mode (they may be shared, like /tmp).
 */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}
