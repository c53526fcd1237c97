/**
 * `lagebild import --watch DIR`: for offices that can only drop nightly exports on a share.
 * Each file that has stopped growing is imported once, remembered by content hash (so a
 * re-dropped file changes nothing), and moved to `done/` or, when it cannot be read, `failed/`.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashFile, importFile, type ImportOptions, type ImportSummary } from './file-import.ts';
import type { Mapping } from './mapping.ts';

export interface WatchOptions extends ImportOptions {
  stateFile: string;
  pollMs?: number;
  log?: (msg: string) => void;
  signal?: AbortSignal;
}

type ImportedState = Record<
  string,
  { file: string; at: string; accepted: number; rejected: number }
>;

function readState(file: string): ImportedState {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ImportedState) : {};
}

function moveTo(dir: string, sub: string, name: string): string {
  mkdirSync(join(dir, sub), { recursive: true });
  let target = join(dir, sub, name);
  if (existsSync(target)) target = join(dir, sub, `${Date.now()}-${name}`);
  renameSync(join(dir, name), target);
  return target;
}

/** One pass over the folder; returns what was imported. */
export async function importFolderOnce(
  dir: string,
  mapping: Mapping,
  opts: WatchOptions,
  sizes: Map<string, number>,
): Promise<ImportSummary[]> {
  const log = opts.log ?? console.log;
  const done: ImportSummary[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (!st.isFile() || name.startsWith('.')) continue;
    // A file still being copied grows between two passes; wait until its size holds still.
    if (sizes.get(name) !== st.size) {
      sizes.set(name, st.size);
      continue;
    }
    sizes.delete(name);
    const state = readState(opts.stateFile);
    try {
      const hash = await hashFile(path);
      if (state[hash]) {
        log(`${name}: bereits am ${state[hash].at} importiert (gleicher Inhalt) – nichts zu tun.`);
        moveTo(dir, 'done', name);
        continue;
      }
      const summary = await importFile(path, mapping, opts);
      state[summary.hash] = {
        file: name,
        at: new Date().toISOString(),
        accepted: summary.accepted,
        rejected: summary.rejected,
      };
      writeFileSync(opts.stateFile, JSON.stringify(state, null, 2));
      moveTo(dir, 'done', name);
      log(
        `${name}: ${summary.rowsRead} Zeilen, ${summary.accepted} übernommen, ${summary.rejected} abgewiesen.`,
      );
      done.push(summary);
    } catch (err) {
      const target = moveTo(dir, 'failed', name);
      log(`${name}: nicht importiert (${(err as Error).message}) – liegt jetzt in ${target}`);
    }
  }
  return done;
}

export async function watchFolder(
  dir: string,
  mapping: Mapping,
  opts: WatchOptions,
): Promise<void> {
  const sizes = new Map<string, number>();
  while (!opts.signal?.aborted) {
    await importFolderOnce(dir, mapping, opts, sizes);
    await sleep(opts.pollMs ?? 2_000, undefined, { signal: opts.signal }).catch(() => {});
  }
}
