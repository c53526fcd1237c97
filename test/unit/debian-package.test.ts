import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/environment.ts';
import { ensureChromium } from '../../dashboard/server/chromium.ts';
import { ensureDebianPackage, PackageMissingError } from '../../warehouse/debian-package.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';

// The install branch runs for real, against a fake apt-get first on PATH that records its
// arguments and creates the program, so the system's packages stay untouched.
const isRoot = process.getuid?.() === 0;
const root = mkdtempSync(join(tmpdir(), 'lagebild-apt-'));
// The non-root case runs as nobody, who must be able to enter the folder.
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let calls: string;
const savedEnv = { PATH: process.env.PATH };

function fakeAptGet(binary: string, installExit = 0): void {
  writeFileSync(
    join(dir, 'apt-get'),
    [
      '#!/bin/sh',
      `echo "$DEBIAN_FRONTEND $*" >> '${calls}'`,
      `[ "$1" = install ] || exit 0`,
      installExit
        ? `exit ${installExit}`
        : `printf '#!/bin/sh\\n' > '${binary}' && chmod +x '${binary}'`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
}

function aptCalls(): string[] {
  return existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
}

beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
  chmodSync(dir, 0o755);
  calls = join(dir, 'calls.log');
  process.env.PATH = `${dir}${delimiter}${savedEnv.PATH}`;
});
afterEach(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe.runIf(isRoot && existsSync('/etc/debian_version'))('as root on Debian', () => {
  it('installs a missing program with apt-get and returns where it is', () => {
    const binary = join(dir, 'fake-server');
    fakeAptGet(binary);
    const logged: string[] = [];
    const found = ensureDebianPackage(
      { label: 'fake-server', binaries: [join(dir, 'elsewhere'), binary], packages: ['a', 'b'] },
      (msg) => logged.push(msg),
    );
    expect(found).toBe(binary);
    expect(aptCalls()).toEqual(['noninteractive update -qq', 'noninteractive install -y a b']);
    expect(logged).toEqual(['fake-server fehlt – installiere a b mit apt-get …']);
  });

  it('installs Debian chromium where LAGEBILD_CHROMIUM points', () => {
    const binary = join(dir, 'chromium');
    fakeAptGet(binary);
    expect(ensureChromium(() => {}, parseConfig({ LAGEBILD_CHROMIUM: binary }))).toBe(binary);
    expect(aptCalls()).toEqual(['noninteractive update -qq', 'noninteractive install -y chromium']);
  });

  it('calls no apt-get when the program is there', () => {
    const binary = join(dir, 'chromium');
    writeFileSync(binary, '', { mode: 0o755 });
    fakeAptGet(binary);
    expect(ensureChromium(() => {}, parseConfig({ LAGEBILD_CHROMIUM: binary }))).toBe(binary);
    expect(aptCalls()).toEqual([]);
  });

  it('names the command to run by hand when apt-get fails', () => {
    const binary = join(dir, 'chromium');
    fakeAptGet(binary, 100);
    expect(() => ensureChromium(() => {}, parseConfig({ LAGEBILD_CHROMIUM: binary }))).toThrow(
      new PackageMissingError(
        'Installation von Chromium fehlgeschlagen. Bitte von Hand: sudo apt-get install -y chromium',
      ),
    );
  });
});

describe('without root', () => {
  it('installs nothing and names the apt-get command in one line', () => {
    const binary = join(dir, 'chromium');
    fakeAptGet(binary);
    // As root the check runs as nobody; anyone else is already without root.
    const res = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { ensureChromium } from './dashboard/server/chromium.ts';
         try { ensureChromium(); } catch (err) { console.log(err.constructor.name + ': ' + err.message); }`,
      ],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, LAGEBILD_CHROMIUM: binary, HOME: dir },
        ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
      },
    );
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe(
      `PackageMissingError: Chromium fehlt (${binary}). Installieren mit: sudo apt-get install -y chromium\n`,
    );
    expect(aptCalls()).toEqual([]);
    expect(existsSync(binary)).toBe(false);
  });
});
