/**
 * Access per site, tried as an attacker would, against the built dashboard in its own process:
 * a user and a read token with one site read that site's figures on every page, subroute and
 * API route of the access table (so a new route is covered without touching this file), and
 * never another site's or the network's, however `site` is written: another site, none,
 * encoded, repeated, in other case. Users and tokens written before sites existed see all.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../calendar/local-date.ts';
import { berlinDate } from '../../calendar/berlin-time.ts';
import { API_ROUTES, PAGES, routeAccess, SUBROUTES } from '../../dashboard/src/lib/access.ts';
import { addToken } from '../../auth/token-store.ts';
import { addUser, readUsers } from '../../dashboard/server/user-store.ts';
import { decideSite } from '../../domain/sites/site-access.ts';
import type { Event } from '../../domain/contract/event.ts';
import { rebuildRollups } from '../../ingest/rollups/rebuild.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { insertEvents } from '../support/insert-events.ts';
import { CALLS, EMAILS, VISITS } from '../support/kpi-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { readerOnlyEnv } from '../../warehouse/config.ts';

const PASSWORD = 'ein-langes-passwort-2';
const OWN = 'offenbach';
const OTHER = 'buergerbuero-002';
const YESTERDAY = addDays(berlinDate(new Date()), -1);
const WEEK = `from=${addDays(YESTERDAY, -6)}&to=${YESTERDAY}`;
const YEAR = Number(YESTERDAY.slice(0, 4));
/** A valid query per API route, as in access.test.ts, around the fixture's day. */
const API_QUERIES: Record<string, string> = {
  '/api/v1/volumes/year-over-year': `fromYear=${YEAR - 1}&toYear=${YEAR}`,
  '/api/v1/seasonality': `fromYear=${YEAR - 1}&toYear=${YEAR}`,
  '/api/v1/process-change': `date=${YESTERDAY}&service=PA-ANTRAG`,
  '/api/v1/baseline': `date=${YESTERDAY}`,
  '/api/v1/forecast/daily': 'channel=visits&horizon=7',
  '/api/v1/forecast/renewals': 'months=3',
  '/api/v1/staffing': '',
  '/api/v1/staffing/backcast': '',
  '/api/v1/briefing/pdf': `date=${YESTERDAY}`,
};

/** The KPI fixture's day moved to yesterday, so the pages' default periods hold it. */
function onYesterday<T extends Record<string, unknown>>(e: T, site: string, prefix: string): T {
  const moved = JSON.parse(
    JSON.stringify(e).replace(/2026-03-(\d\d)/g, (_, d: string) =>
      addDays(YESTERDAY, Number(d) - 10),
    ),
  ) as T;
  return { ...moved, id: `${prefix}${String(e.id)}`, site };
}

/** Two sites with different figures: the other site gets only some of the fixture's events. */
function events(): Event[] {
  const all = [...VISITS, ...CALLS, ...EMAILS] as unknown as Record<string, unknown>[];
  return [
    ...all.map((e) => onYesterday(e, OWN, 'own-')),
    ...all.filter((_, i) => i % 2 === 0).map((e) => onYesterday(e, OTHER, 'other-')),
  ] as unknown as Event[];
}

interface Caller {
  label: string;
  kind: 'user' | 'token';
  headers: Record<string, string>;
}

/** Alert rules of each site and of the network, all holding: Heute shows a site only its own. */
const RULES = [
  { kind: 'email-backlog', name: 'Rückstand Offenbach', limit: 0, site: OWN },
  { kind: 'email-backlog', name: 'Rückstand Dietzenbach', limit: 0, site: OTHER },
  { kind: 'email-backlog', name: 'Rückstand Netz', limit: 0 },
];
const dataDir = mkdtempSync(join(tmpdir(), 'lagebild-site-access-'));
function writeAlertFiles(): void {
  writeFileSync(join(dataDir, 'alerts.json'), JSON.stringify({ rules: RULES }));
  const time = new Date().toISOString();
  const active = RULES.map((r) => [
    r.name,
    { rule: r.name, state: 'started', value: 9, limit: 0, time },
  ]);
  writeFileSync(
    join(dataDir, 'alerts-state.json'),
    JSON.stringify({ active: Object.fromEntries(active), outbox: [] }),
  );
  writeFileSync(
    join(dataDir, 'notification-failures.json'),
    JSON.stringify({
      failures: [
        {
          at: time,
          kind: 'alert',
          channel: 'webhook',
          subject: 'Rückstand Dietzenbach ausgelöst',
          error: 'x',
        },
      ],
    }),
  );
}

let db: TestDatabase;
let dash: TestDashboard;
/** Restricted to OWN, role admin so that no role check hides a site check. */
const restricted: Caller[] = [];
/** With all sites: the yardstick of what OWN's figures are. */
const network: Record<'user' | 'token', Caller> = {} as never;
let twoSites: Caller;

async function userCaller(name: string, sites: 'all' | string[]): Promise<Caller> {
  addUser(name, 'admin', PASSWORD, dash.usersFile, sites);
  return {
    label: `Sitzung ${name}`,
    kind: 'user',
    headers: { cookie: await login(dash.url, name, PASSWORD) },
  };
}

function tokenCaller(name: string, sites?: string[]): Caller {
  const token = addToken({ name, scope: 'read', role: 'admin', sites }, dash.tokenFile);
  return { label: `Token ${name}`, kind: 'token', headers: { authorization: `Bearer ${token}` } };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await insertEvents(db.ingest, events());
  await rebuildRollups(db.ingest, {});
  writeAlertFiles();
  // Only the reader's credentials, given outright: the data folder is the test's own.
  const reader = readerOnlyEnv();
  dash = await startTestDashboard(db.name, {
    CLICKHOUSE_READ_USER: reader.CLICKHOUSE_READ_USER!,
    CLICKHOUSE_READ_PASSWORD: reader.CLICKHOUSE_READ_PASSWORD!,
    CLICKHOUSE_READER_ONLY: '1',
    LAGEBILD_DATA_DIR: dataDir,
  });
  restricted.push(await userCaller('nur-offenbach', [OWN]), tokenCaller('nur-offenbach', [OWN]));
  network.user = await userCaller('alle', 'all');
  network.token = tokenCaller('alle');
  twoSites = await userCaller('zwei-standorte', [OWN, OTHER]);
}, 120_000);

afterAll(async () => {
  await dash?.stop();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function get(path: string, caller: Caller, init: RequestInit = {}) {
  const res = await fetch(dash.url + path, {
    redirect: 'manual',
    ...init,
    headers: { ...caller.headers, ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: await res.text() };
}

/** Every route of the access table a caller of this kind opens, with a valid query. */
function routesFor(kind: 'user' | 'token'): { id: string; path: string; allSites: boolean }[] {
  const ids =
    kind === 'user'
      ? [...PAGES.map((p) => p.path), ...Object.keys(SUBROUTES)]
      : Object.keys(API_ROUTES);
  return ids.map((id) => {
    const access = routeAccess(id);
    if (access.kind !== 'page' && access.kind !== 'api') throw new Error(`${id}: ${access.kind}`);
    const q = kind === 'token' ? (API_QUERIES[id] ?? WEEK) : '';
    return { id, path: q ? `${id}?${q}` : id, allSites: access.allSites };
  });
}

const withSite = (path: string, site: string) => `${path}${path.includes('?') ? '&' : '?'}${site}`;

/** What a page's load gave, without the layout (which names the user): its __data.json node. */
async function pageData(path: string, caller: Caller): Promise<{ status: number; data: string }> {
  const [p, q = ''] = path.split('?');
  const dataPath = `${p === '/' ? '' : p}/__data.json?${q}${q ? '&' : ''}x-sveltekit-invalidated=01`;
  const r = await get(dataPath, caller);
  if (r.status !== 200) return { status: r.status, data: r.body };
  const parsed = JSON.parse(r.body) as { type: string; nodes?: unknown[]; status?: number };
  if (parsed.type !== 'data') return { status: parsed.status ?? 500, data: r.body };
  const node = parsed.nodes?.[1] as { type?: string; status?: number } | undefined;
  // A load that failed (422: too little history) is an error node with its status.
  if (node?.type === 'error') return { status: node.status ?? 500, data: JSON.stringify(node) };
  return { status: 200, data: JSON.stringify(node) };
}

describe('the site decision', () => {
  it('gives restricted callers their own site and refuses every other', () => {
    expect(decideSite('all', [], false)).toEqual({ ok: true, site: undefined });
    expect(decideSite('all', [OTHER], false)).toEqual({ ok: true, site: OTHER });
    expect(decideSite([OWN], [], false)).toEqual({ ok: true, site: OWN });
    expect(decideSite([OWN], [''], false)).toEqual({ ok: true, site: OWN });
    expect(decideSite([OWN], [OTHER], true)).toMatchObject({ ok: false, status: 403 });
    expect(decideSite([OWN], ['Offenbach'], true)).toMatchObject({ ok: false, status: 403 });
    expect(decideSite([OWN], [OWN, OTHER], true)).toMatchObject({ ok: false, status: 400 });
    expect(decideSite([OWN, OTHER], [], true)).toEqual({ ok: true, site: OWN });
    expect(decideSite([OWN, OTHER], [], false)).toMatchObject({ ok: false, status: 400 });
  });

  it('reads users and tokens written before sites as seeing all', async () => {
    const file = `${dash.usersFile}.old`;
    writeFileSync(
      file,
      JSON.stringify({
        users: [{ name: 'alt', role: 'team', hash: 'x', salt: 'y', createdAt: '2025-01-01' }],
      }),
    );
    expect(readUsers(file)[0]!.sites).toBe('all');
    expect(readUsers(dash.usersFile).find((u) => u.name === 'nur-offenbach')!.sites).toEqual([OWN]);
  });
});

describe('a caller with one site', () => {
  /** `site` written as an attacker would, each naming (or hiding) another site than OWN. */
  const attempts = [
    `site=${OTHER}`,
    `site=%62uergerbuero-002`,
    `site=${OTHER.toUpperCase()}`,
    'site=Offenbach',
    'site=OFFENBACH',
    `site=%6F%66fenbach%00`,
    `site=${OWN}&site=${OTHER}`,
    `site=${OTHER}&site=${OWN}`,
    `site=&site=${OTHER}`,
    `site=${OWN}%2C${OTHER}`,
    `SITE=${OTHER}&site=${OTHER}`,
  ];

  it('gets no answer for another site on any page, subroute or API route', async () => {
    const opened: string[] = [];
    for (const caller of restricted) {
      for (const route of routesFor(caller.kind)) {
        for (const attempt of attempts) {
          const path = withSite(route.path, attempt);
          const r = await get(path, caller);
          if (![400, 403].includes(r.status))
            opened.push(`${caller.label} ${path}: ${r.status} ${r.body.slice(0, 80)}`);
        }
      }
    }
    expect(opened).toEqual([]);
  }, 120_000);

  it('is told which site it may not see', async () => {
    const [user, token] = restricted;
    const api = await get(`/api/v1/kpi/summary?${WEEK}&site=${OTHER}`, token!);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({ param: 'site' });
    expect(JSON.parse(api.body).error).toContain(`"${OTHER}"`);
    const page = await get(`/kontaktvolumen?site=${OTHER}`, user!);
    expect(page.status).toBe(403);
    expect(JSON.parse(page.body).message).toContain(`kein Zugriff auf den Standort "${OTHER}"`);
  });

  it('gets its own figures, not the network, on every API route without site', async () => {
    const wrong: string[] = [];
    const token = restricted[1]!;
    for (const route of routesFor('token')) {
      // The PDF starts a browser; refusals are covered above.
      if (route.id.endsWith('/pdf')) continue;
      const mine = await get(route.path, token);
      if (route.allSites) {
        if (mine.status !== 403) wrong.push(`${route.path}: ${mine.status} (network-only)`);
        continue;
      }
      const yardstick = await get(withSite(route.path, `site=${OWN}`), network.token);
      const empty = await get(withSite(route.path, 'site='), token);
      // Too little history (422): three forecasts race to name the shortest, so only the status.
      if (mine.status !== yardstick.status || (mine.status === 200 && mine.body !== yardstick.body))
        wrong.push(`${route.path}: ${mine.status} ≠ ${yardstick.status} with site=${OWN}`);
      if (empty.status !== mine.status || (mine.status === 200 && empty.body !== mine.body))
        wrong.push(`${route.path}: site= differs`);
    }
    expect(wrong).toEqual([]);
    // The yardstick is not trivially the network: the two sites differ.
    const all = await get(`/api/v1/kpi/summary?${WEEK}`, network.token);
    const own = await get(`/api/v1/kpi/summary?${WEEK}`, token);
    expect(JSON.parse(all.body).visits.contacts).toBeGreaterThan(
      JSON.parse(own.body).visits.contacts,
    );
  }, 120_000);

  it('gets its own figures on every page, and no page of the whole network', async () => {
    const wrong: string[] = [];
    const user = restricted[0]!;
    for (const route of routesFor('user')) {
      if (route.id.endsWith('/pdf')) continue;
      if (route.allSites) {
        const r = await get(route.path, user);
        if (r.status !== 403) wrong.push(`${route.path}: ${r.status} (network-only)`);
        continue;
      }
      const mine = await pageData(route.path, user);
      const yardstick = await pageData(withSite(route.path, `site=${OWN}`), network.user);
      // Too little history (422): three forecasts race to name the shortest, so only the status.
      if (mine.status !== yardstick.status || (mine.status === 200 && mine.data !== yardstick.data))
        wrong.push(`${route.path}: ${mine.status} ≠ ${yardstick.status} with site=${OWN}`);
      const network_ = await pageData(route.path, network.user);
      if (route.id === '/' && network_.data === mine.data)
        wrong.push('/: the network gives the same figures as one site');
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('sees on Heute only the alerts of its own site', async () => {
    const mine = (await pageData('/heute', restricted[0]!)).data;
    expect(mine).toContain('Rückstand Offenbach');
    expect(mine).not.toContain('Rückstand Dietzenbach');
    expect(mine).not.toContain('Rückstand Netz');
    const all = (await pageData('/heute', network.user)).data;
    for (const r of RULES) expect(all).toContain(r.name);
  });

  it('cannot use the administration form actions of the network', async () => {
    const before = readUsers(dash.usersFile).length;
    for (const path of ['/verwaltung', '/%76erwaltung']) {
      for (const action of ['addUser', 'addToken', 'saveAnnotation']) {
        const r = await get(`${path}?/${action}`, restricted[0]!, {
          method: 'POST',
          headers: { origin: dash.url, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'name=eindringling&role=admin&scope=read',
        });
        expect(r.status, `${path}?/${action}`).toBe(403);
      }
    }
    expect(readUsers(dash.usersFile).length).toBe(before);
  });

  it('sees no site picker and no network pages in the navigation', async () => {
    const html = (await get('/', restricted[0]!)).body;
    expect(html).not.toContain('id="standort"');
    for (const page of PAGES.filter((p) => p.allSites))
      expect(html).not.toContain(`href="${page.path}"`);
  });
});

describe('a caller with two sites', () => {
  it('chooses between them in the picker, and the API wants one named', async () => {
    const html = (await get(`/kontaktvolumen?zeitraum=woche&site=${OTHER}`, twoSites)).body;
    expect(html).toContain('id="standort"');
    expect(html).toMatch(/<option value="buergerbuero-002"[^>]*selected/);
    expect(html).not.toContain('Alle Standorte');
    // The picker keeps the page's other parameters.
    expect(html).toContain('name="zeitraum" value="woche"');
    const both = await pageData('/', twoSites);
    const first = await pageData(`/?site=${OWN}`, network.user);
    expect(both.data).toBe(first.data);
    const token = tokenCaller('zwei-standorte', [OWN, OTHER]);
    expect((await get(`/api/v1/kpi/summary?${WEEK}`, token)).status).toBe(400);
    expect((await get(`/api/v1/kpi/summary?${WEEK}&site=${OTHER}`, token)).status).toBe(200);
  });
});
