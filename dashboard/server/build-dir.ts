/**
 * Where the built dashboard lives: `dashboard/build`, or the folder LAGEBILD_DASHBOARD_BUILD
 * names (relative to the project). The test suite builds into a folder of its own, so
 * `npm test` never replaces the build a running system serves. svelte.config.js reads the
 * same variable for the adapter's output (it cannot import TypeScript).
 */
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config/environment.ts';

export function dashboardBuildDir(config: Config = loadConfig()): string {
  return config.dashboardBuild;
}

export function dashboardHandler(config: Config = loadConfig()): string {
  return join(dashboardBuildDir(config), 'handler.js');
}
