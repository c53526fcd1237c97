/**
 * The pid and log files of the servers Lagebild runs itself (the managed server, the local
 * test cluster): read defensively, since a server may have died or never written them.
 */
import { readFileSync } from 'node:fs';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, only under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a pid file names, if it holds one. */
export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The last lines of a log, for an error message; empty when there is none. */
export function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
