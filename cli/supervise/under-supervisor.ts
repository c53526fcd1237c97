/**
 * The child's side of `lagebild serve`: it is started with an IPC channel, tells the
 * supervisor when it serves, and stops when the supervisor is gone.
 */

export interface ReadyMessage {
  type: 'ready';
  url: string;
}

export function isReadyMessage(msg: unknown): msg is ReadyMessage {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as ReadyMessage).type === 'ready' &&
    typeof (msg as ReadyMessage).url === 'string'
  );
}

/** Tells a supervising `serve` that this process answers on `url` (no-op when run alone). */
export function reportReady(url: string): void {
  const message: ReadyMessage = { type: 'ready', url };
  process.send?.(message);
}

/**
 * Calls `stop` when the supervisor's IPC channel closes: a `serve` killed with SIGKILL can
 * forward no signal, and its children must not keep holding the ports.
 */
export function stopWhenSupervisorGone(stop: () => void): void {
  if (!process.send) return;
  // The channel alone must not keep a process alive that has finished its shutdown.
  process.channel?.unref();
  process.once('disconnect', stop);
}
