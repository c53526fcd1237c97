// Entry of an accept worker thread (see accept-pool.ts). The sources are TypeScript, and a
// worker thread starts without the main thread's loader, so tsx is registered here first.
import { Piscina } from 'piscina';
import { register } from 'tsx/esm/api';

register();
const { acceptRequest } = await import('./accept-request.ts');

export default function acceptOnWorker(task) {
  const outcome = acceptRequest(task);
  if (!outcome.ok) return outcome;
  // The row bytes (each block's own buffer) are moved to the main thread, not copied.
  return Piscina.move({
    [Piscina.transferableSymbol]: outcome.blocks.map((b) => b.data.buffer),
    [Piscina.valueSymbol]: outcome,
  });
}
