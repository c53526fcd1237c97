import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  describeDuration,
  describeExit,
  nextRestartDelay,
  type BackoffPolicy,
} from '../../cli/supervise/restart-backoff.ts';
import { SupervisedChild } from '../../cli/supervise/supervised-child.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';

const READY = `process.send({ type: 'ready', url: 'http://127.0.0.1:1' });`;

function child(script: string, backoff?: BackoffPolicy, stopTimeoutMs = 5_000) {
  const lines: string[] = [];
  const supervised = new SupervisedChild({
    name: 'Testdienst',
    command: process.execPath,
    args: ['-e', script],
    stopTimeoutMs,
    backoff,
    log: (msg) => lines.push(msg),
  });
  return { supervised, lines };
}

describe('restart backoff', () => {
  it('doubles while the child keeps dying quickly, up to the bound', () => {
    const delays: number[] = [];
    let d: number | undefined;
    for (let i = 0; i < 8; i++) delays.push((d = nextRestartDelay(d, 2_000)));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('starts over after the child ran a while', () => {
    expect(nextRestartDelay(16_000, 59_999)).toBe(30_000);
    expect(nextRestartDelay(16_000, 60_000)).toBe(1_000);
  });

  it('describes exits and durations in German', () => {
    expect(describeExit(1, null)).toBe('Exit-Code 1');
    expect(describeExit(null, 'SIGKILL')).toBe('Signal SIGKILL');
    expect(describeDuration(1_000)).toBe('1 s');
    expect(describeDuration(2_500)).toBe('2,5 s');
    expect(describeDuration(42_000)).toBe('42 s');
    expect(describeDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('supervised child', () => {
  it('restarts a child that dies, with growing delays, and stops it for good', async () => {
    const { supervised, lines } = child(`${READY} setTimeout(() => process.exit(3), 50);`, {
      initialMs: 100,
      maxMs: 400,
      resetAfterMs: 60_000,
    });
    expect(await supervised.start()).toBe('http://127.0.0.1:1');
    const end = Date.now() + 10_000;
    while (supervised.restarts < 4 && Date.now() < end) await sleep(20);
    await supervised.stop();
    const deaths = lines.filter((l) => l.includes('wurde beendet'));
    expect(deaths.length).toBeGreaterThanOrEqual(4);
    expect(deaths[0]).toMatch(
      /^Testdienst \(pid \d+\) wurde beendet: Exit-Code 3 nach .* Neustart in 0,1 s\.$/,
    );
    expect(deaths.slice(1, 4).map((l) => /Neustart in (.*) s\./.exec(l)?.[1])).toEqual([
      '0,2',
      '0,4',
      '0,4',
    ]);
    const restarts = supervised.restarts;
    await sleep(600);
    expect(supervised.restarts).toBe(restarts);
    expect(supervised.pid).toBeUndefined();
  });

  it('does not restart a child that dies before it was ever ready', async () => {
    const { supervised, lines } = child('process.exit(2)');
    await expect(supervised.start()).rejects.toThrow(
      'Testdienst ist beim Start abgebrochen (Exit-Code 2).',
    );
    await sleep(300);
    expect(lines.filter((l) => l.includes('gestartet'))).toHaveLength(1);
  });

  it('ends a child that ignores the stop signal with SIGKILL after the timeout', async () => {
    const { supervised, lines } = child(
      `process.on('SIGTERM', () => {}); ${READY} setInterval(() => {}, 1000);`,
      undefined,
      300,
    );
    await supervised.start();
    const pid = supervised.pid!;
    const started = Date.now();
    await supervised.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(lines.at(-1)).toMatch(/nicht beendet – SIGKILL/);
  });
});

describe('crash handlers', () => {
  it('log an unhandled rejection and keep running, and end the process on an uncaught exception', () => {
    const handlers = join(PROJECT_ROOT, 'cli/supervise/crash-handlers.ts');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { installCrashHandlers } = await import(${JSON.stringify(handlers)});
         installCrashHandlers('Testdienst');
         Promise.reject(new Error('eine Anfrage ging schief'));
         setTimeout(() => console.log('dient weiter'), 100);
         setTimeout(() => { throw new Error('Zustand kaputt'); }, 200);
         setTimeout(() => console.log('nie erreicht'), 400);`,
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, LAGEBILD_DEBUG: '' } },
    );
    expect(r.stderr).toContain(
      'Testdienst: unerwarteter Fehler (nicht abgefangene Zurückweisung): eine Anfrage ging schief',
    );
    expect(r.stdout).toBe('dient weiter\n');
    expect(r.stderr).toContain(
      'Testdienst: unerwarteter Fehler, Prozess wird beendet: Zustand kaputt',
    );
    expect(r.status).toBe(1);
  });
});
