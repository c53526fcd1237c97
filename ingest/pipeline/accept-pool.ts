/**
 * Runs `acceptRequest` on worker threads (piscina), so the CPU work of parsing and
 * validating request bodies does not hold up the main thread, which keeps to HTTP, the
 * spool and the batch writer. With 0 threads it runs inline (small installations, tests).
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { acceptRequest, type AcceptOutcome, type AcceptTask } from './accept-request.ts';

export interface Acceptor {
  run(task: AcceptTask): Promise<AcceptOutcome>;
  /**
   * Resolves once every thread has loaded the pipeline (and fails if one cannot), so the
   * first requests do not wait for module loading and a broken setup shows at start.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const WARM_UP: AcceptTask = {
  body: new TextEncoder().encode('[]'),
  ndjson: false,
  batchId: 'warm-up',
  source: 'warm-up',
  receivedAtMs: 0,
};

/**
 * One thread per core: the main thread only moves bytes (request bodies in, row bytes to
 * the spool and ClickHouse), so parsing and validating is where the cores are needed.
 */
export function defaultAcceptThreads(): number {
  return availableParallelism();
}

export function createAcceptor(threads: number): Acceptor {
  if (threads === 0) {
    return {
      run: async (task) => acceptRequest(task),
      ready: async () => {},
      close: async () => {},
    };
  }
  const pool = new Piscina<AcceptTask, AcceptOutcome>({
    filename: new URL('./accept-worker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  return {
    // A body that owns its whole memory (any large one) is moved to the thread, not copied;
    // the receiver does not touch it again.
    run: (task) => {
      const { buffer, byteOffset, byteLength } = task.body;
      const owned = byteOffset === 0 && byteLength === buffer.byteLength;
      return pool.run(task, owned ? { transferList: [buffer as ArrayBuffer] } : {});
    },
    ready: async () => {
      await Promise.all(Array.from({ length: threads }, () => pool.run(WARM_UP)));
    },
    close: () => pool.destroy(),
  };
}
