/**
 * One child process under `lagebild serve`: started with an IPC channel, restarted with
 * growing backoff when it dies, stopped with a signal and a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  DEFAULT_BACKOFF,
  describeDuration,
  describeExit,
  nextRestartDelay,
  type BackoffPolicy,
} from './restart-backoff.ts';
import { isReadyMessage } from './under-supervisor.ts';

export interface ChildSpec {
  /** German name for the log: "Ingest-Dienst", "Dashboard". */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Time the child gets after the stop signal before it is killed with SIGKILL. */
  stopTimeoutMs: number;
  backoff?: BackoffPolicy;
  log?: (msg: string) => void;
}

export class SupervisedChild {
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private delayMs: number | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private everReady = false;
  private firstReady: { resolve(url: string): void; reject(err: Error): void } | undefined;
  private readonly log: (msg: string) => void;
  restarts = 0;

  constructor(private readonly spec: ChildSpec) {
    this.log = spec.log ?? console.log;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  private get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /**
   * Starts the child and resolves with its URL once it reports ready. A child that dies
   * before it was ever ready is not restarted (a wrong port or setting would only loop):
   * the promise rejects instead.
   */
  start(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.firstReady = { resolve, reject };
      this.spawnChild();
    });
  }

  private spawnChild(): void {
    const child = spawn(this.spec.command, this.spec.args, {
      env: this.spec.env ?? process.env,
      // Own process group: a Ctrl+C in the terminal reaches only serve, which forwards it
      // once; a second SIGINT straight from the terminal would end the ingest service
      // before its spool is flushed.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    this.startedAt = Date.now();
    this.log(`${this.spec.name} gestartet (pid ${child.pid}).`);
    child.on('message', (msg) => {
      if (!isReadyMessage(msg)) return;
      this.everReady = true;
      this.firstReady?.resolve(msg.url);
      this.firstReady = undefined;
    });
    let ended = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      this.died(child, code, signal);
    };
    child.once('exit', onEnd);
    child.once('error', (err) => {
      this.log(`${this.spec.name}: ${err.message}`);
      onEnd(null, null);
    });
  }

  private died(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const how = describeExit(code, signal);
    if (this.firstReady) {
      this.firstReady.reject(new Error(`${this.spec.name} ist beim Start abgebrochen (${how}).`));
      this.firstReady = undefined;
    }
    if (this.stopping || !this.everReady) return;
    const uptime = Date.now() - this.startedAt;
    this.delayMs = nextRestartDelay(this.delayMs, uptime, this.spec.backoff ?? DEFAULT_BACKOFF);
    this.log(
      `${this.spec.name} (pid ${child.pid}) wurde beendet: ${how} nach ${describeDuration(uptime)} Laufzeit – Neustart in ${describeDuration(this.delayMs)}.`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restarts++;
      this.spawnChild();
    }, this.delayMs);
  }

  /** Sends `signal`, waits for the exit (SIGKILL after the stop timeout); no restart after. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const killer = setTimeout(() => {
      this.log(
        `${this.spec.name} hat sich nach ${describeDuration(this.spec.stopTimeoutMs)} nicht beendet – SIGKILL.`,
      );
      child.kill('SIGKILL');
    }, this.spec.stopTimeoutMs);
    await exited;
    clearTimeout(killer);
  }
}
