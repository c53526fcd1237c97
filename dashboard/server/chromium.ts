/**
 * Debian's Chromium, which prints the briefing PDF and drives the e2e tests: found at
 * LAGEBILD_CHROMIUM, or installed like clickhouse-server (`npm test` and `npm start` need it).
 */
import { loadConfig, type Config } from '../../config/environment.ts';
import {
  ensureDebianPackage,
  installCommand,
  PackageMissingError,
} from '../../warehouse/debian-package.ts';

export const CHROMIUM_INSTALL = `sudo ${installCommand(['chromium'])}`;

export function chromiumPath(config: Config = loadConfig()): string {
  return config.chromium;
}

/** Returns the browser's path; installs it as root on Debian, else throws PackageMissingError. */
export function ensureChromium(
  log: (msg: string) => void = console.log,
  config: Config = loadConfig(),
): string {
  return ensureDebianPackage(
    { label: 'Chromium', binaries: [chromiumPath(config)], packages: ['chromium'] },
    log,
  );
}

/**
 * For `serve`: the PDF is the only part that needs Chromium, so a missing browser that may not
 * be installed from here is a warning (the PDF answer repeats it), not a reason to stop.
 */
export function offerChromium(
  log: (msg: string) => void = console.log,
  config: Config = loadConfig(),
): void {
  try {
    ensureChromium(log, config);
  } catch (err) {
    if (!(err instanceof PackageMissingError)) throw err;
    log(`${err.message}\nBis dahin gibt es das Morgenbriefing nicht als PDF.`);
  }
}
