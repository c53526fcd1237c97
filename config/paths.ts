import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: relative settings are resolved against it, whatever the cwd. Found by
 * walking up to Lagebild's package.json, so it is right from the sources and from the
 * dashboard's bundled server alike.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lagebild'
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** `LAGEBILD_DATA_DIR`, default `.data/` in the project. */
export function dataDir(): string {
  const dir = process.env.LAGEBILD_DATA_DIR ?? '.data';
  return isAbsolute(dir) ? dir : resolve(PROJECT_ROOT, dir);
}

export function clickhouseDir(): string {
  return join(dataDir(), 'clickhouse');
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
