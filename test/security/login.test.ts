/**
 * The login, tried as an attacker would, against the built dashboard in its own process: a
 * flood of logins leaves the read API responsive; known and unknown names answer alike;
 * failures are throttled and the throttle relaxes; an attacker elsewhere never keeps the real
 * user out; `next` never leads off the dashboard; the cookie is Secure behind https.
 *
 * The client address comes from X-Forwarded-For (LAGEBILD_KIT_ADDRESS_HEADER), as behind a
 * reverse proxy, so the test can speak from many addresses.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../../dashboard/server/user-store.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'ein-langes-passwort-1';
const SUMMARY = '/api/v1/kpi/summary?from=2026-11-02&to=2026-11-08';

let db: TestDatabase;
let dashboard: TestDashboard;
let usersDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  usersDir = mkdtempSync(join(tmpdir(), 'lagebild-login-'));
  const usersFile = join(usersDir, 'users.json');
  for (const [name, role] of [
    ['amtsleitung', 'leitung'],
    ['teamleitung', 'team'],
    ['planung', 'planung'],
    ['verwalter', 'admin'],
    ['sachbearbeitung', 'team'],
  ] as const)
    addUser(name, role, PASSWORD, usersFile);
  dashboard = await startTestDashboard(db.name, {
    LAGEBILD_USERS_FILE: usersFile,
    LAGEBILD_KIT_ADDRESS_HEADER: 'x-forwarded-for',
  });
});

afterAll(async () => {
  await dashboard?.stop();
  await db?.drop();
  rmSync(usersDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  location: string | null;
  retryAfter: string | null;
  cookie: string | null;
  ms: number;
}

/** The login form, posted as a browser does, from the given client address. */
async function login(
  address: string,
  name: string,
  password: string,
  opts: { next?: string; url?: string; origin?: string } = {},
): Promise<Answer> {
  const url = opts.url ?? dashboard.url;
  const query = opts.next === undefined ? '' : `?next=${encodeURIComponent(opts.next)}`;
  const started = performance.now();
  const res = await fetch(`${url}/login${query}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: opts.origin ?? url,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': address,
    },
    body: new URLSearchParams({ name, password }).toString(),
  });
  const body = await res.text();
  return {
    status: res.status,
    body,
    location: res.headers.get('location'),
    retryAfter: res.headers.get('retry-after'),
    cookie: res.headers.get('set-cookie'),
    ms: performance.now() - started,
  };
}

/** The page with the echoed name taken out, to compare answers for different names. */
const page = (answer: Answer, name: string) => answer.body.replaceAll(name, '<name>');

/**
 * Posts the logins all at once from a process of its own, as an attacker elsewhere would, so
 * the flood's client work does not slow the test's own measurement. `sent` resolves once all
 * requests are on their way; the promise gives their statuses.
 */
function floodLogins(
  logins: { address: string; name: string; password: string }[],
): Promise<number[]> & { sent: Promise<void> } {
  const script = `
    const { url, logins } = JSON.parse(process.argv[1]);
    const answers = logins.map((l) =>
      fetch(url + '/login', {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: url, accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': l.address },
        body: new URLSearchParams({ name: l.name, password: l.password }).toString(),
      }).then(async (res) => (await res.arrayBuffer(), res.status)),
    );
    setTimeout(() => process.stdout.write('sent\\n'), 30);
    Promise.all(answers).then((s) => process.stdout.write(JSON.stringify(s) + '\\n'));
  `;
  const child = spawn(
    process.execPath,
    ['-e', script, JSON.stringify({ url: dashboard.url, logins })],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  let markSent = () => {};
  const sent = new Promise<void>((r) => (markSent = r));
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('sent\n')) markSent();
  });
  const done = new Promise<number[]>((resolve, reject) =>
    child.once('exit', (code) => {
      markSent();
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('[')) resolve(JSON.parse(last) as number[]);
      else reject(new Error(`login flood ended with ${code}: ${out}`));
    }),
  );
  return Object.assign(done, { sent });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timedRead(): Promise<number> {
  const started = performance.now();
  const res = await dashboard.get(SUMMARY);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return performance.now() - started;
}

describe('login', () => {
  it('answers a known and an unknown name alike: status, page and time', async () => {
    const known: Answer[] = [];
    const unknown: Answer[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await login(`10.1.0.${i}`, 'teamleitung', 'falsches-passwort'));
      unknown.push(await login(`10.1.1.${i}`, 'gibt-es-nicht', 'falsches-passwort'));
    }
    for (const [k, u] of known.map((k, i) => [k, unknown[i]!] as const)) {
      expect(k.status).toBe(400);
      expect(u.status).toBe(k.status);
      expect(page(u, 'gibt-es-nicht')).toBe(page(k, 'teamleitung'));
    }
    expect(known[0]!.body).toContain('Benutzername oder Passwort ist falsch.');
    const [mk, mu] = [median(known.map((a) => a.ms)), median(unknown.map((a) => a.ms))];
    console.log(
      `login answer, median of 6: known name ${mk.toFixed(1)} ms, unknown ${mu.toFixed(1)} ms`,
    );
    expect(Math.abs(mk - mu)).toBeLessThan(Math.max(25, 0.5 * Math.max(mk, mu)));

    // Throttled alike as well: the sixth failure in a row from one address waits, either way.
    const throttled: Answer[] = [];
    for (const [address, name] of [
      ['10.1.2.1', 'sachbearbeitung'],
      ['10.1.2.2', 'auch-unbekannt'],
    ] as const) {
      for (let i = 0; i < 5; i++)
        expect((await login(address, name, 'falsch-1234')).status).toBe(400);
      throttled.push(await login(address, name, 'falsch-1234'));
    }
    expect(throttled.map((a) => a.status)).toEqual([429, 429]);
    expect(throttled[0]!.retryAfter).toBe(throttled[1]!.retryAfter);
    expect(page(throttled[1]!, 'auch-unbekannt')).toBe(page(throttled[0]!, 'sachbearbeitung'));
  });

  it('throttles repeated failures with growing waits, relaxes after the wait and forgets after a success', async () => {
    const address = '10.2.0.1';
    for (let i = 0; i < 5; i++)
      expect((await login(address, 'planung', 'falsch-1234')).status).toBe(400);
    const first = await login(address, 'planung', PASSWORD);
    expect(first.status).toBe(429);
    expect(first.retryAfter).toBe('1');
    expect(first.body).toContain('Bitte in 1 Sekunde erneut versuchen.');
    expect(first.cookie).toBeNull();

    await sleep(1100);
    expect((await login(address, 'planung', 'falsch-1234')).status).toBe(400);
    const second = await login(address, 'planung', PASSWORD);
    expect(second.status).toBe(429);
    expect(second.retryAfter).toBe('2');
    expect(second.body).toContain('Bitte in 2 Sekunden erneut versuchen.');

    await sleep(2100);
    const ok = await login(address, 'planung', PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.cookie).toMatch(/^lagebild_session=/);
    // Forgotten: the next typo is just a typo again.
    expect((await login(address, 'planung', 'falsch-1234')).status).toBe(400);
  });

  it('100 parallel logins leave an unrelated read-API request fast, and the real user still gets in', async () => {
    const names = ['amtsleitung', 'teamleitung', 'verwalter', 'niemand', 'gast', 'root'];
    const before: number[] = [];
    for (let i = 0; i < 5; i++) before.push(await timedRead());

    const started = performance.now();
    const flood = floodLogins(
      Array.from({ length: 100 }, (_, i) => ({
        address: `10.3.${i >> 8}.${i & 255}`,
        name: names[i % names.length]!,
        password: `falsch-${i}-passwort`,
      })),
    );
    let floodDone = false;
    const markDone = () => (floodDone = true);
    flood.then(markDone, markDone);
    const during: number[] = [];
    await flood.sent;
    while (!floodDone || during.length < 5) {
      during.push(await timedRead());
      await sleep(20);
    }
    const statuses = await flood;
    const floodMs = performance.now() - started;
    // The same request without the flood, right after it, as the yardstick on a shared machine.
    const after: number[] = [];
    for (let i = 0; i < 20; i++) {
      after.push(await timedRead());
      await sleep(20);
    }
    const delay = Math.max(...during) - median(after);
    const fmt = (xs: number[]) =>
      `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    console.log(
      `read API ${SUMMARY}: before the flood ${fmt(before)}; during 100 parallel logins ` +
        `(${floodMs.toFixed(0)} ms until all answered, ${during.length} requests) ${fmt(during)}; ` +
        `after ${fmt(after)}; worst delay by the flood ${delay.toFixed(1)} ms`,
    );
    expect(statuses).toEqual(statuses.map(() => 400));
    expect(delay).toBeLessThan(300);

    // The attackers failed 100 times, over 16 times per known account: the real user at their own
    // address is checked at once and gets in.
    const real = await login('192.168.10.20', 'amtsleitung', PASSWORD, { next: '/morgenbriefing' });
    expect(real.status).toBe(303);
    expect(real.location).toBe('/morgenbriefing');
    expect(real.cookie).toMatch(/^lagebild_session=/);
    // An attacker address keeps meeting its own (growing) wait.
    const attacker = '10.3.0.1';
    for (let i = 0; i < 5; i++) await login(attacker, 'teamleitung', `weiter-falsch-${i}`);
    expect((await login(attacker, 'teamleitung', PASSWORD)).status).toBe(429);
    expect((await login('192.168.10.21', 'teamleitung', PASSWORD)).status).toBe(303);
  });

  it('sends the user on only to a path of the dashboard', async () => {
    const offsite = [
      '/\\evil.example/x',
      '/\t/evil.example/x',
      '/%09/evil.example/x',
      '//evil.example',
      '//evil.example/x',
      'https://evil.example',
      '/.//evil.example',
      '/%5Cevil.example',
      'javascript:alert(1)',
    ];
    for (const [i, next] of offsite.entries()) {
      const res = await login(`10.4.0.${i}`, 'verwalter', PASSWORD, { next });
      expect(res.status, next).toBe(303);
      expect(res.location, next).toBe('/');
    }
    const res = await login('10.4.1.1', 'verwalter', PASSWORD, { next: '/saison?year=2026#top' });
    expect(res.location).toBe('/saison?year=2026#top');
  });

  it('marks the session cookie Secure when the dashboard origin is https, not on plain http', async () => {
    const plain = await login('10.5.0.1', 'verwalter', PASSWORD);
    expect(plain.cookie).toMatch(/HttpOnly/i);
    expect(plain.cookie).toMatch(/SameSite=Strict/i);
    expect(plain.cookie).not.toMatch(/Secure/i);

    const behindHttps = await startTestDashboard(db.name, {
      LAGEBILD_USERS_FILE: join(usersDir, 'users.json'),
      LAGEBILD_ORIGIN: 'https://lagebild.stadt.example',
    });
    try {
      const res = await login('ignored', 'verwalter', PASSWORD, {
        url: behindHttps.url,
        origin: 'https://lagebild.stadt.example',
      });
      expect(res.status).toBe(303);
      expect(res.cookie).toMatch(/; Secure/i);
    } finally {
      await behindHttps.stop();
    }
  });
});
