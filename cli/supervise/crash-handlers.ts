/**
 * Last-resort error handling for the long-running processes (ingest service, dashboard).
 */
import { loadConfig, type Config } from '../../config/environment.ts';

function describe(err: unknown, debug: boolean): string {
  if (err instanceof Error) return debug ? (err.stack ?? err.message) : err.message;
  return String(err);
}

/** With LAGEBILD_DEBUG=1 the logged errors carry their stack. */
export function installCrashHandlers(name: string, { debug }: Config = loadConfig()): void {
  // A rejected promise nobody awaited is one failed operation (a request, a bookkeeping
  // write), not a broken process: log it and keep serving everyone else.
  process.on('unhandledRejection', (reason) => {
    console.error(
      `${name}: unerwarteter Fehler (nicht abgefangene Zurückweisung): ${describe(reason, debug)}`,
    );
  });
  // After an uncaught exception the process state is unknown (Node documents resuming as
  // unsafe): exit non-zero so the supervisor (serve or systemd) starts a clean one. The
  // ingest service loses nothing by this: a 202 is only sent after the spool fsync'd, and
  // the spool is replayed on start.
  process.on('uncaughtException', (err) => {
    console.error(`${name}: unerwarteter Fehler, Prozess wird beendet: ${describe(err, debug)}`);
    process.exit(1);
  });
}
