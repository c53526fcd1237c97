/**
 * Serves the built SvelteKit app (adapter-node's handler) on LAGEBILD_HOST:LAGEBILD_PORT
 * (default 127.0.0.1:3000), in the process that calls it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../../config/environment.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { ensureInitialAdmin } from './user-store.ts';
import { dashboardHandler } from './build-dir.ts';
import { SECURITY_HEADERS } from '../src/lib/server/http/security-headers.ts';

/** Builds the dashboard when no build exists (a fresh clone); later starts reuse it. */
export function ensureDashboardBuilt(
  log: (msg: string) => void = console.log,
  config: Config = loadConfig(),
): void {
  const handlerFile = dashboardHandler(config);
  if (existsSync(handlerFile)) return;
  log('Baue das Dashboard (einmalig, etwa eine halbe Minute) …');
  const res = spawnSync('npm', ['run', 'build', '--silent'], {
    cwd: PROJECT_ROOT,
    // svelte.config.js reads the output folder from the environment.
    env: { ...process.env, LAGEBILD_DASHBOARD_BUILD: config.dashboardBuild },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (res.status !== 0 || !existsSync(handlerFile))
    throw new Error('Das Dashboard ließ sich nicht bauen: npm run build');
}

/** The app in the handler reads the process's configuration itself, so this does too. */
export async function startDashboard(): Promise<{ server: Server; url: string }> {
  const config = loadConfig();
  const handlerFile = dashboardHandler(config);
  if (!existsSync(handlerFile))
    throw new Error(`Das Dashboard ist nicht gebaut (${handlerFile} fehlt): npm run build`);
  ensureInitialAdmin(console.log, config.usersFile);
  const { host, port, origin } = config.dashboard;
  // adapter-node assumes https unless told the origin; form posts (login) are checked against it.
  process.env.LAGEBILD_KIT_ORIGIN ??= origin;
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
