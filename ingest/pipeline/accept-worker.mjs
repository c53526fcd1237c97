// Entry of an accept worker thread (see accept-pool.ts). The sources are TypeScript, and a
// worker thread starts without the main thread's loader, so tsx is registered here first.
import { register } from 'tsx/esm/api';

register();
const { acceptRequest } = await import('./accept-request.ts');

export default acceptRequest;
