import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../domain/contract/event.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';

function lagebild(...args: string[]) {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('command line', () => {
  it.each([
    ['--help'],
    ['generate', '--help'],
    ['import', '--help'],
    ['token', 'add', '--help'],
    ['db', '--help'],
  ])('%s prints help and exits 0', (...args) => {
    const r = lagebild(...args);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: lagebild/);
  });

  it.each([
    [['generate', '--from', '2026-13-01', '--to', '2026-12-31'], /--from.*invalid/],
    [['generate', '--from', '2026-12-31', '--to', '2026-01-01'], /liegt nach --to/],
    [
      ['generate', '--from', '2026-01-01', '--to', '2026-01-02', '--scale', '0'],
      /--scale.*invalid/,
    ],
    [['generate', '--to', '2026-01-02'], /--from/],
    [['nonsense'], /unknown command/],
    [['import'], /--mapping/],
    [['import', 'x.csv', '--mapping', '/does/not/exist.json'], /Mapping/],
    [['token', 'add', '--scope', 'admin', '--name', 'x'], /scope/],
    [['forecast', '--channel', 'visit', '--horizon', '0'], /--horizon/],
    [['forecast', '--channel', 'visit', '--horizon', '1000'], /--horizon/],
    [['forecast', '--channel', 'fax'], /--channel/],
    [['forecast', '--channel', 'call', '--domain', 'kfz'], /--domain/],
    [['staffing', '--calls', '0', '--interval-min', '30', '--aht-sec', '180'], /calls/],
    [['staffing', '--calls', '-3', '--interval-min', '30', '--aht-sec', '180'], /--calls/],
    [
      ['staffing', '--calls', '10', '--interval-min', '30', '--aht-sec', '180', '--target-sl', '1'],
      /--target-sl/,
    ],
    [['staffing', '--calls', '10'], /--interval-min/],
    [['user', 'add', 'x', '--role', 'chef'], /role/],
  ])('%j is refused with one clear line and exit code 2', (args, message) => {
    const r = lagebild(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
  });

  it('staffing prints the Erlang C result as JSON', () => {
    const r = lagebild(
      'staffing',
      '--calls',
      '100',
      '--interval-min',
      '30',
      '--aht-sec',
      '180',
      '--target-sl',
      '0.8',
      '--target-sec',
      '20',
      '--shrinkage',
      '0.3',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ agents: 14, staffWithShrinkage: 20 });
  });

  it('generate writes valid contract events, roster and annotations, the same for the same seed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagebild-cli-'));
    try {
      const out = join(dir, 'demo.ndjson');
      const r = lagebild(
        'generate',
        '--from',
        '2025-03-03',
        '--to',
        '2025-03-04',
        '--seed',
        '5',
        '--out',
        out,
      );
      expect(r.code).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThan(500);
      expect(lines.every((l) => validateEvent(JSON.parse(l)).ok)).toBe(true);
      expect(readFileSync(`${out}.roster.csv`, 'utf8')).toMatch(
        /^date;site;team;from;to;persons\n2025-03-03;offenbach;/,
      );
      expect(readFileSync(`${out}.annotations.csv`, 'utf8')).toMatch(
        /2025-03-03;Online-Vorerfassung/,
      );
      const again = lagebild(
        'generate',
        '--from',
        '2025-03-03',
        '--to',
        '2025-03-04',
        '--seed',
        '5',
      );
      expect(again.out.trim().split('\n')).toEqual(lines);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
