/**
 * Inserts through `clickhouse-client` over the native protocol: the fastest way rows reach
 * ClickHouse, the yardstick beside Lagebild's own paths and the bulk loader of large benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MANAGED_NATIVE_PORT } from '../warehouse/config.ts';
import type { Db } from './databases.ts';

/** `clickhouse-client … INSERT INTO table FORMAT JSONEachRow`, reading the rows from its stdin. */
export function spawnInsert(db: Pick<Db, 'name' | 'config'>, table: string): ChildProcess {
  const creds = db.config.credentials.admin;
  const native = process.env.CLICKHOUSE_NATIVE_PORT ?? String(MANAGED_NATIVE_PORT);
  return spawn(
    'clickhouse-client',
    [
      '--host',
      new URL(db.config.url).hostname,
      '--port',
      native,
      '--user',
      creds.user,
      '--password',
      creds.password,
      '--database',
      db.name,
      '--query',
      `INSERT INTO ${table} FORMAT JSONEachRow`,
    ],
    { stdio: ['pipe', 'inherit', 'pipe'] },
  );
}

/** One insert that lines are written to as they are made; `end()` waits for ClickHouse. */
export class InsertStream {
  readonly #child: ChildProcess;
  readonly #exit: Promise<void>;
  #failed: Error | undefined;
  /** clickhouse-client refuses an insert without rows (code 108): such a one is just stopped. */
  #written = false;

  constructor(db: Pick<Db, 'name' | 'config'>, table: string) {
    this.#child = spawnInsert(db, table);
    let err = '';
    this.#child.stderr!.on('data', (d) => (err += d));
    // A dying client closes the pipe; the exit below carries the reason.
    this.#child.stdin!.on('error', () => {});
    this.#exit = new Promise((resolve, reject) => {
      this.#child.once('exit', (code) => {
        if (code === 0) return resolve();
        this.#failed = new Error(`clickhouse-client (${table}) exited ${code}: ${err.trim()}`);
        reject(this.#failed);
      });
    });
    this.#exit.catch(() => {});
  }

  /** Writes a chunk; waits for the pipe to drain when the client is behind. */
  async write(chunk: string): Promise<void> {
    if (this.#failed) throw this.#failed;
    if (chunk.length === 0) return;
    this.#written = true;
    if (this.#child.stdin!.write(chunk)) return;
    await Promise.race([
      new Promise<void>((resolve) => this.#child.stdin!.once('drain', resolve)),
      this.#exit.then(() => {
        throw new Error('clickhouse-client exited while rows were pending');
      }),
    ]);
  }

  async end(): Promise<void> {
    if (!this.#written) return this.kill();
    this.#child.stdin!.end();
    await this.#exit;
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill('SIGTERM');
  }
}
