/** How long a supervisor waits before restarting a child that died. */
export interface BackoffPolicy {
  /** Delay after the first death, and after a death that followed a long, healthy run. */
  initialMs: number;
  /** The delay doubles with each quick death up to this bound. */
  maxMs: number;
  /** A child that ran at least this long counts as healthy: the delay starts over. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  resetAfterMs: 60_000,
};

/**
 * The delay before the next restart: doubling while the child keeps dying quickly (a
 * crash loop must not spin), back to the start once it had run a while.
 */
export function nextRestartDelay(
  previousMs: number | undefined,
  uptimeMs: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  if (previousMs === undefined || uptimeMs >= policy.resetAfterMs) return policy.initialMs;
  return Math.min(previousMs * 2, policy.maxMs);
}

/** "Exit-Code 1" or "Signal SIGKILL", for the German log line. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `Signal ${signal}`;
  return `Exit-Code ${code ?? '?'}`;
}

/** "0,5 s", "12 s", "3 min 5 s". */
export function describeDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 })} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
