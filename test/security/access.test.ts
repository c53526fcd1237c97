/**
 * Access, tried as an attacker would, against the built dashboard in its own process: every
 * route of the app is in the access table; every page, form action and API route answers
 * each role and each token role as the table says; malformed and encoded paths never crash
 * the process and never open what the role may not open.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../domain/roles.ts';
import {
  API_ROUTES,
  PAGES,
  PUBLIC_ROUTES,
  routeAccess,
  SUBROUTES,
} from '../../dashboard/src/lib/access.ts';
import { addToken } from '../../auth/token-store.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'ein-langes-passwort-1';
const FROM_TO = 'from=2026-11-02&to=2026-11-08';
/** A valid query for each API route, so an allowed caller gets a real answer. */
const API_QUERIES: Record<string, string> = {
  '/api/v1/volumes/year-over-year': 'fromYear=2025&toYear=2026',
  '/api/v1/seasonality': 'fromYear=2025&toYear=2026',
  '/api/v1/process-change': 'date=2026-11-02&service=PA-ANTRAG',
  '/api/v1/baseline': 'date=2026-11-02',
  '/api/v1/forecast/daily': 'channel=visits&horizon=7',
  '/api/v1/forecast/renewals': 'months=3',
  '/api/v1/staffing': '',
  // Refuses parameters it does not read, so not the default range either.
  '/api/v1/staffing/backcast': '',
};
/** Routes that need history the empty test database lacks: 422, not a failure. */
const NEEDS_HISTORY = new Set(['/prognose', '/api/v1/forecast/daily', '/api/v1/staffing']);

function routeIds(): string[] {
  const root = join(PROJECT_ROOT, 'dashboard/src/routes');
  const ids: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/^\+(page|server)\.(svelte|ts)$/.test(e.name))
        ids.push(`/${relative(root, dir)}`.replace(/\/$/, '') || '/');
    }
  };
  walk(root);
  return [...new Set(ids)].sort();
}

/** Ways to write a path that a naive check on the raw path gets wrong, or that cannot be decoded. */
function variants(path: string): string[] {
  const first = path.charCodeAt(1).toString(16);
  return [
    `/%${first}${path.slice(2)}`,
    `/%${first.toUpperCase()}${path.slice(2)}`,
    `${path}%c0`,
    `${path}/%c0`,
    `${path}%E0%A4%A`,
    `${path}%c0%af`,
    `${path}%ff%fe`,
    `/%${first}${path.slice(2)}%2f..%2fverwaltung`,
    `${path.replace(/\/([^/]*)$/, '%2f$1')}`,
    `/%25${first}${path.slice(2)}`,
  ].filter((v) => v !== path && v.startsWith('/'));
}

const allPaths = [
  ...PAGES.map((p) => p.path),
  ...Object.keys(SUBROUTES),
  ...Object.keys(API_ROUTES),
].filter((p) => p !== '/');

function withQuery(path: string): string {
  if (!path.startsWith('/api/')) return path;
  const q = API_QUERIES[path] ?? FROM_TO;
  return q ? `${path}?${q}` : path;
}

interface Caller {
  label: string;
  role: Role | null;
  /** A session cookie (people) or a bearer token (API clients). */
  headers: Record<string, string>;
  kind: 'user' | 'token' | 'anonymous';
}

let db: TestDatabase;
let dash: TestDashboard;
const callers: Caller[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dash = await startTestDashboard(db.name);
  callers.push({ label: 'abgemeldet', role: null, headers: {}, kind: 'anonymous' });
  for (const role of ROLES) {
    addUser(`user-${role}`, role, PASSWORD, dash.usersFile);
    const cookie = await login(dash.url, `user-${role}`, PASSWORD);
    callers.push({ label: `Sitzung ${role}`, role, headers: { cookie }, kind: 'user' });
    const token = addToken({ name: `token-${role}`, scope: 'read', role }, dash.tokenFile);
    callers.push({
      label: `Token ${role}`,
      role,
      headers: { authorization: `Bearer ${token}` },
      kind: 'token',
    });
  }
});

afterAll(async () => {
  await dash?.stop();
  await db?.drop();
});

async function get(path: string, caller: Caller, init: RequestInit = {}) {
  const res = await fetch(dash.url + path, {
    redirect: 'manual',
    ...init,
    headers: { ...caller.headers, ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

async function alive(): Promise<void> {
  const res = await fetch(`${dash.url}/login`);
  expect(res.status).toBe(200);
}

describe('the access table', () => {
  it('names every route of the app', () => {
    const missing = routeIds().filter((id) => routeAccess(id).kind === 'unknown');
    expect(missing).toEqual([]);
    expect(PUBLIC_ROUTES).toContain('/login');
  });

  it('gives read tokens the narrowest role when none is named', () => {
    const reach = (r: Role) =>
      Object.keys(API_ROUTES).filter((id) => {
        const a = routeAccess(id);
        return a.kind === 'api' && a.roles.includes(r);
      }).length;
    const least = Math.min(...ROLES.map(reach));
    expect(reach('planung')).toBe(least);
  });
});

describe('every page and API route, for every caller', () => {
  it('answers as the access table says', async () => {
    const wrong: string[] = [];
    for (const caller of callers) {
      for (const id of [...PAGES.map((p) => p.path), ...Object.keys(API_ROUTES)]) {
        const access = routeAccess(id);
        if (access.kind !== 'page' && access.kind !== 'api') throw new Error(id);
        const allowed =
          caller.role !== null &&
          access.roles.includes(caller.role) &&
          (access.kind === 'api' || caller.kind === 'user');
        // The PDF starts a browser; allowed callers get it in the briefing and e2e tests.
        if (allowed && id.endsWith('/pdf')) continue;
        const r = await get(withQuery(id), caller);
        let ok: boolean;
        if (allowed) ok = r.status === 200 || (r.status === 422 && NEEDS_HISTORY.has(id));
        else if (caller.role === null || (access.kind === 'page' && caller.kind === 'token'))
          ok =
            access.kind === 'api'
              ? r.status === 401
              : r.status === 303 && r.location!.startsWith('/login?next=');
        else ok = r.status === 403;
        if (!ok) wrong.push(`${caller.label} ${id}: ${r.status} ${r.body.slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the briefing PDF to the roles of the briefing', async () => {
    for (const caller of callers.filter((c) => c.kind === 'user' && c.role !== null)) {
      if (routeAccess('/morgenbriefing').kind !== 'page') throw new Error('table');
      const roles = (routeAccess('/morgenbriefing/pdf') as { roles: readonly Role[] }).roles;
      if (roles.includes(caller.role!)) continue;
      expect((await get('/morgenbriefing/pdf', caller)).status).toBe(403);
    }
  });
});

describe('malformed and encoded paths', () => {
  it('never crash the process and never open a route the caller may not open', async () => {
    const leaks: string[] = [];
    for (const caller of callers) {
      for (const path of allPaths) {
        const access = routeAccess(path);
        const roles = access.kind === 'page' || access.kind === 'api' ? access.roles : ROLES;
        const mayOpen =
          caller.role !== null &&
          roles.includes(caller.role) &&
          (access.kind === 'api' || caller.kind === 'user');
        // The PDF starts a browser; its allowed variants are covered by the e2e suite.
        if (mayOpen && path.endsWith('/pdf')) continue;
        for (const v of variants(path)) {
          const r = await get(withQuery(v), caller);
          if (r.status >= 500 && !(r.status === 503 && path.endsWith('/pdf')))
            leaks.push(`${caller.label} ${v}: ${r.status}`);
          if (!mayOpen && r.status === 200) leaks.push(`${caller.label} ${v}: 200 (opened)`);
        }
        await alive();
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers 400 to a path that cannot be decoded, logged in or not', async () => {
    for (const caller of callers) {
      for (const path of ['/%c0', '/login%c0', '/%E0%A4%A', '/datenqualitaet/%c0', '/api/v1/%ff']) {
        expect((await get(path, caller)).status, `${caller.label} ${path}`).toBe(400);
      }
    }
    await alive();
  });
});

describe('form actions', () => {
  it('refuse Verwaltung actions to every role but admin, however the path is written', async () => {
    const before = readFileSync(dash.usersFile, 'utf8');
    for (const caller of callers.filter((c) => c.role !== 'admin')) {
      for (const path of ['/verwaltung', '/%76erwaltung', '/%76%65rwaltung']) {
        for (const action of ['addUser', 'addToken', 'removeUser', 'saveAnnotation']) {
          const r = await get(`${path}?/${action}`, caller, {
            method: 'POST',
            headers: { origin: dash.url, 'content-type': 'application/x-www-form-urlencoded' },
            body: 'name=eindringling&role=admin&scope=read',
          });
          expect([303, 403], `${caller.label} ${path}?/${action}`).toContain(r.status);
        }
      }
    }
    expect(readFileSync(dash.usersFile, 'utf8')).toBe(before);
    await alive();
  });
});

describe('answers', () => {
  it('carry security headers and a CSP without inline script', async () => {
    const forbidden = '/verwaltung';
    for (const path of [
      '/login',
      '/api/v1/kpi/summary?' + FROM_TO,
      '/%c0',
      '/gibt-es-nicht',
      forbidden,
      '/favicon.svg',
    ]) {
      const res = await fetch(dash.url + path, { headers: callers[3]!.headers });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const page = await fetch(`${dash.url}/login`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')*;/);
    expect(csp).not.toContain("'unsafe-inline' 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain(
      'unsafe-inline',
    );
  });

  it('answer bad dates with 400 naming the parameter, and never put raw values in a header', async () => {
    const admin = callers.find((c) => c.label === 'Token admin')!;
    for (const bad of [
      '2026-11-02%0d%0aSet-Cookie:%20x=1',
      '2026-11-02%00',
      '2026-11-0%E2%82%AC',
    ]) {
      for (const path of ['/api/v1/kpi/summary', '/api/v1/baseline', '/api/v1/forecast/renewals']) {
        const r = await get(`${path}?format=csv&from=${bad}&to=${bad}&date=${bad}`, admin);
        if (path === '/api/v1/forecast/renewals') {
          // Takes no dates: the stray ones never reach the download name.
          expect(r.status).toBe(200);
        } else {
          expect(r.status, `${path} ${bad}`).toBe(400);
          expect(JSON.parse(r.body).param).toMatch(/^(from|to|date)$/);
        }
      }
    }
    const res = await fetch(`${dash.url}/api/v1/forecast/renewals?format=csv&from=x%0d%0ay`, {
      headers: admin.headers,
    });
    // The name holds only the checked first month of the answer, never the raw query.
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="erneuerungswellen-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
  });

  it('neutralise formula cells in every CSV export', async () => {
    const day = '2026-11-03';
    await db.ingest.insert(
      'rejects',
      [
        ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'].map((t, i) => ({
          reject_id: `formula-${i}`,
          rejected_at: `${day} 08:00:0${i}`,
          source: t,
          channel: 'api',
          file: t,
          line: i,
          item_index: i,
          event_type: 'visit',
          event_id: t,
          reason: 'schema',
          error: t,
          raw: t,
        })),
      ].flat(),
    );
    const admin = callers.find((c) => c.label === 'Token admin')!;
    const dq = await get(`/api/v1/data-quality?format=csv&from=${day}&to=${day}`, admin);
    expect(dq.status).toBe(200);
    const cells = dq.body
      .replace(/^\ufeff/, '')
      .split(/;|\r\n/)
      .map((c) => c.replace(/^"|"$/g, ''));
    expect(cells.filter((c) => c.startsWith("'=")).length).toBeGreaterThanOrEqual(4);
    for (const id of Object.keys(API_ROUTES)) {
      const r = await get(
        `${withQuery(id)}${withQuery(id).includes('?') ? '&' : '?'}format=csv`,
        admin,
      );
      if (r.status !== 200) continue;
      const dangerous = r.body
        .replace(/^\ufeff/, '')
        .split(/;|\r\n/)
        .map((c) => c.replace(/^"/, ''))
        .filter((c) => /^[=+@\t\r]/.test(c) || /^-(?!\d)/.test(c));
      expect(dangerous, id).toEqual([]);
    }
  });
});
