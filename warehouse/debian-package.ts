/**
 * Finds a program Lagebild needs from Debian (clickhouse-server, Chromium) or installs its
 * package: with apt-get where we may (root on Debian), else the error names the command, so a
 * fresh machine needs no step beyond the README's two commands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface DebianPackage {
  /** The program as messages name it. */
  label: string;
  /** Where the program may be; the first that exists is used. */
  binaries: string[];
  /** Debian packages that provide it. */
  packages: string[];
}

/** Raised when the program is missing and may not be installed from here; the CLI exits 2. */
export class PackageMissingError extends Error {}

export function installCommand(packages: string[]): string {
  return `apt-get install -y ${packages.join(' ')}`;
}

export function findBinary(binaries: string[]): string | undefined {
  return binaries.find((p) => existsSync(p));
}

export function ensureDebianPackage(
  pkg: DebianPackage,
  log: (msg: string) => void = console.log,
): string {
  const found = findBinary(pkg.binaries);
  if (found) return found;
  const command = installCommand(pkg.packages);
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    throw new PackageMissingError(
      `${pkg.label} fehlt (${pkg.binaries.join(', ')}). Installieren mit: sudo ${command}`,
    );
  }
  log(`${pkg.label} fehlt – installiere ${pkg.packages.join(' ')} mit apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A fresh machine's package lists may be empty or stale; install would not find the package.
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const res = spawnSync('apt-get', command.split(' ').slice(1), { stdio: 'inherit', env });
  const installed = findBinary(pkg.binaries);
  if (res.status !== 0 || !installed)
    throw new PackageMissingError(
      `Installation von ${pkg.label} fehlgeschlagen. Bitte von Hand: sudo ${command}`,
    );
  return installed;
}
