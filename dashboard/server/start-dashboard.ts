/**
 * Serves the built SvelteKit app (adapter-node's handler) on LAGEBILD_HOST:LAGEBILD_PORT
 * (default 127.0.0.1:3000), in the process that calls it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { ensureInitialAdmin } from './user-store.ts';
import { dashboardHandler } from './build-dir.ts';
import { SECURITY_HEADERS } from '../src/lib/server/http/security-headers.ts';

/** Builds the dashboard when no build exists (a fresh clone); later starts reuse it. */
export function ensureDashboardBuilt(log: (msg: string) => void = console.log): void {
  if (existsSync(dashboardHandler())) return;
  log('Baue das Dashboard (einmalig, etwa eine halbe Minute) …');
  const res = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (res.status !== 0 || !existsSync(dashboardHandler()))
    throw new Error('Das Dashboard ließ sich nicht bauen: npm run build');
}

export function dashboardConfig() {
  const port = Number(process.env.LAGEBILD_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`LAGEBILD_PORT="${process.env.LAGEBILD_PORT}" is not a port`);
  return { host: process.env.LAGEBILD_HOST ?? '127.0.0.1', port };
}

export async function startDashboard(): Promise<{ server: Server; url: string }> {
  const handlerFile = dashboardHandler();
  if (!existsSync(handlerFile))
    throw new Error(`Das Dashboard ist nicht gebaut (${handlerFile} fehlt): npm run build`);
  ensureInitialAdmin();
  const { host, port } = dashboardConfig();
  // adapter-node assumes https unless told the origin; form posts (login) are checked against it.
  process.env.LAGEBILD_KIT_ORIGIN ??= process.env.LAGEBILD_ORIGIN ?? `http://${host}:${port}`;
  const { handler } = (await import(pathToFileURL(handlerFile).href)) as {
    handler: (req: unknown, res: unknown, next?: () => void) => void;
  };
  // Set before the handler runs, so static files and error pages carry them too.
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as { port: number };
  return { server, url: `http://${host}:${address.port}` };
}
