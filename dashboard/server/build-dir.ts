/**
 * Where the built dashboard lives: `dashboard/build`, or the folder LAGEBILD_DASHBOARD_BUILD
 * names (relative to the project). The test suite builds into a folder of its own, so
 * `npm test` never replaces the build a running system serves. svelte.config.js reads the
 * same variable for the adapter's output (it cannot import TypeScript).
 */
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../config/paths.ts';

export function dashboardBuildDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env.LAGEBILD_DASHBOARD_BUILD || 'dashboard/build');
}

export function dashboardHandler(env: NodeJS.ProcessEnv = process.env): string {
  return join(dashboardBuildDir(env), 'handler.js');
}
