import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: relative settings are resolved against it, whatever the cwd. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `LAGEBILD_DATA_DIR`, default `.data/` in the project. */
export function dataDir(): string {
  const dir = process.env.LAGEBILD_DATA_DIR ?? '.data';
  return isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir);
}

export function clickhouseDir(): string {
  return join(dataDir(), 'clickhouse');
}
