/**
 * SIGINT/SIGTERM for a supervisor: the first one starts the shutdown, later ones (npm and
 * the terminal may both deliver a Ctrl+C) only say that it is under way.
 */
export function onStopSignal(
  stop: (signal: NodeJS.Signals) => void,
  log: (msg: string) => void = console.log,
): void {
  let received = false;
  const handle = (signal: NodeJS.Signals) => {
    if (received) {
      log(`${signal}: wird bereits beendet, bitte warten …`);
      return;
    }
    received = true;
    stop(signal);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
