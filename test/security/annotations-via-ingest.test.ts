/**
 * Annotations are written through the ingest service (POST and DELETE /v1/annotations, annotate
 * tokens only), so the dashboard holds no ClickHouse user that may write. Tried as an attacker
 * would: every token scope and none, hostile bodies, the dashboard's own environment, and the
 * Verwaltung page end to end, through a test dashboard and through `lagebild serve`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToken } from '../../auth/token-store.ts';
import { addUser } from '../../dashboard/server/user-store.ts';
import { annotations } from '../../queries/annotations/annotations.query.ts';
import { Warehouse } from '../../warehouse/client.ts';
import { readerOnlyEnv, warehouseConfig } from '../../warehouse/config.ts';
import { ident, lit, sql } from '../../warehouse/literal.ts';
import { startTestDashboard, type TestDashboard } from '../support/dashboard-server.ts';
import { login } from '../support/dashboard-session.ts';
import { freePort } from '../support/free-port.ts';
import { validVisit } from '../support/ingest-fixtures.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { startServe } from '../support/serve-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const PASSWORD = 'ein-langes-passwort-1';

let db: TestDatabase;
let ingest: TestIngest;
let dash: TestDashboard;
/** A dashboard with an empty data folder (no credentials file) and no ingest service behind it. */
let bare: TestDashboard;
let bareDir: string;
let readToken: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name, { acceptThreads: 0 });
  readToken = addToken(
    { name: 'reader', scope: 'read', role: 'admin' },
    join(ingest.dir, 'tokens.json'),
  );
  dash = await startTestDashboard(db.name, {
    LAGEBILD_INGEST_URL: ingest.service.url,
    LAGEBILD_ANNOTATE_TOKEN: ingest.annotateToken,
  });
  bareDir = mkdtempSync(join(tmpdir(), 'lagebild-bare-'));
  bare = await startTestDashboard(db.name, {
    LAGEBILD_DATA_DIR: bareDir,
    LAGEBILD_INGEST_URL: `http://127.0.0.1:${await freePort()}`,
    LAGEBILD_ANNOTATE_TOKEN: ingest.annotateToken,
  });
});

afterAll(async () => {
  await Promise.all([dash?.stop(), bare?.stop()]);
  await ingest?.stop();
  await db?.drop();
  if (bareDir) rmSync(bareDir, { recursive: true, force: true });
});

type Answer = { status: number; json: Record<string, unknown>; headers: Headers };

async function call(
  method: 'POST' | 'DELETE',
  path: string,
  opts: { token?: string | null; body?: string; contentType?: string; service?: TestIngest } = {},
): Promise<Answer> {
  const service = opts.service ?? ingest;
  const token = opts.token === undefined ? service.annotateToken : opts.token;
  const res = await fetch(`${service.service.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined
        ? { 'content-type': opts.contentType ?? 'application/json' }
        : {}),
    },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: res.status, json, headers: res.headers };
}

const save = (body: unknown, token?: string | null) =>
  call('POST', '/v1/annotations', { token, body: JSON.stringify(body) });
const remove = (id: string, token?: string | null) =>
  call('DELETE', `/v1/annotations/${encodeURIComponent(id)}`, { token });

/**
 * The newest version of every annotation, tombstones included: what any write would change
 * (a plain row count would not do, merges drop older versions at any time).
 */
async function snapshot(): Promise<unknown[]> {
  return db.reader.query(
    sql`SELECT id, version, deleted FROM ${ident('annotations')} FINAL ORDER BY id`,
  );
}

async function live(id: string) {
  return (await annotations(db.reader)).find((a) => a.id === id);
}

describe('POST and DELETE /v1/annotations with an annotate token', () => {
  it('creates, updates and deletes (as a tombstone version) an annotation', async () => {
    const created = await save({
      id: 'A-1',
      date: '2026-03-02',
      title: 'Neue Terminvergabe',
      service: 'PA-ANTRAG',
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ id: 'A-1', version: expect.any(Number) });
    expect(await live('A-1')).toEqual({
      id: 'A-1',
      date: '2026-03-02',
      title: 'Neue Terminvergabe',
      site: '',
      team: '',
      service: 'PA-ANTRAG',
    });

    const updated = await save({
      id: 'A-1',
      date: '2026-03-09',
      title: 'Neue Terminvergabe (verschoben)',
      team: 'kfz',
    });
    expect(updated.status).toBe(200);
    expect(updated.json.version as number).toBeGreaterThan(created.json.version as number);
    expect(await live('A-1')).toEqual({
      id: 'A-1',
      date: '2026-03-09',
      title: 'Neue Terminvergabe (verschoben)',
      site: '',
      team: 'kfz',
      service: '',
    });
    expect((await annotations(db.reader)).filter((a) => a.id === 'A-1')).toHaveLength(1);

    const deleted = await remove('A-1');
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ id: 'A-1', deleted: true });
    expect(await live('A-1')).toBeUndefined();
    // Nothing destroyed: the newest version is a tombstone keeping what was there.
    const [tomb] = await db.reader.query<{ deleted: number; title: string; team: string }>(
      sql`SELECT deleted, title, team FROM annotations FINAL WHERE id = ${lit.string('A-1')}`,
    );
    expect(tomb).toEqual({ deleted: 1, title: 'Neue Terminvergabe (verschoben)', team: 'kfz' });

    expect((await remove('A-1')).status).toBe(404);
    expect((await remove('gibt-es-nicht')).status).toBe(404);
  });

  it('takes any id the contract allows, also in the path of a delete', async () => {
    const id = 'Büro 1/2 ?#%';
    expect((await save({ id, date: '2026-04-01', title: 'Sonderöffnung' })).status).toBe(200);
    expect((await live(id))?.title).toBe('Sonderöffnung');
    expect((await remove(id)).status).toBe(200);
    expect(await live(id)).toBeUndefined();
    const tooLong = await remove('x'.repeat(129));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.issues).toEqual([expect.objectContaining({ path: 'id' })]);
  });
});

describe('who may write annotations', () => {
  it('no token and a wrong one get 401, other scopes 403; nothing is stored or deleted', async () => {
    expect((await save({ id: 'KEEP', date: '2026-05-04', title: 'bleibt' })).status).toBe(200);
    const before = await snapshot();
    const body = { id: 'EVIL', date: '2026-05-04', title: 'eingeschleust' };
    for (const [token, status] of [
      [null, 401],
      ['lba_falsch', 401],
      [ingest.annotateToken.slice(0, -1), 401],
      [ingest.token, 403],
      [readToken, 403],
      [ingest.metricsToken, 403],
    ] as const) {
      const created = await save(body, token);
      expect(created.status, `POST with ${token}`).toBe(status);
      expect(created.json.error).toMatch(/annotate token/);
      if (status === 401) expect(created.headers.get('www-authenticate')).toBe('Bearer');
      expect((await remove('KEEP', token)).status, `DELETE with ${token}`).toBe(status);
    }
    // Refused before the body is read: a huge body without a token is a 401, not a 413.
    const huge = await call('POST', '/v1/annotations', {
      token: null,
      body: 'x'.repeat(1024 * 1024),
    });
    expect(huge.status).toBe(401);
    expect(await snapshot()).toEqual(before);
    expect(await live('EVIL')).toBeUndefined();
    expect((await live('KEEP'))?.title).toBe('bleibt');
  });

  it('an annotate token cannot send events nor read the ingest internals', async () => {
    const posted = await ingest.post(
      JSON.stringify([validVisit(1, { id: 'ANNOTATE-EVENT' })]),
      'application/json',
      ingest.annotateToken,
    );
    expect(posted.status).toBe(401);
    const health = await ingest.get('/v1/health', ingest.annotateToken);
    expect(health.json).toEqual({ status: expect.any(String) });
    expect((await ingest.get('/metrics', ingest.annotateToken)).status).toBe(401);
    await ingest.drained();
    const [visits] = await db.reader.query<{ n: number }>(
      sql`SELECT count() AS n FROM visits WHERE id = ${lit.string('ANNOTATE-EVENT')}`,
    );
    expect(Number(visits?.n)).toBe(0);
  });
});

describe('hostile bodies', () => {
  const good = { id: 'H-1', date: '2026-06-01', title: 'gültig' };

  it('get 400 naming the field, and store nothing', async () => {
    const before = await snapshot();
    const cases: [string, unknown, string][] = [
      ['id of the wrong type', { ...good, id: 17 }, 'id'],
      ['title of the wrong type', { ...good, title: ['a'] }, 'title'],
      ['empty title', { ...good, title: '' }, 'title'],
      ['huge title', { ...good, title: 'x'.repeat(5_000) }, 'title'],
      ['not a calendar day', { ...good, date: '2026-02-30' }, 'date'],
      ['not a date', { ...good, date: 'morgen' }, 'date'],
      ['a date with a time', { ...good, date: '2026-06-01T00:00:00Z' }, 'date'],
      ['unknown team', { ...good, team: 'hausmeister' }, 'team'],
      ['service with SQL', { ...good, service: "x'); DROP TABLE annotations; --" }, 'service'],
      ['unknown key', { ...good, deleted: 1 }, 'deleted'],
      ['a version of its own', { ...good, version: Number.MAX_SAFE_INTEGER }, 'version'],
      ['missing title', { id: good.id, date: good.date }, 'title'],
    ];
    for (const [what, body, field] of cases) {
      const res = await save(body);
      expect(res.status, what).toBe(400);
      expect(res.json.error, what).toMatch(new RegExp(`^${field}: |; ${field}: `));
      expect(res.json.issues, what).toContainEqual(expect.objectContaining({ path: field }));
    }
    const proto = await call('POST', '/v1/annotations', {
      body: `{"id":"H-1","date":"2026-06-01","title":"x","__proto__":{"deleted":1}}`,
    });
    expect(proto.status).toBe(400);
    expect(proto.json.issues).toContainEqual(expect.objectContaining({ path: '__proto__' }));
    expect(await snapshot()).toEqual(before);
    expect(await live('H-1')).toBeUndefined();
  });

  it('that are no annotation at all get 400, 413 or 415, and store nothing', async () => {
    const before = await snapshot();
    const post = (body: string, contentType?: string) =>
      call('POST', '/v1/annotations', { body, contentType });
    const broken = await post('{"id": "H-1", "date":');
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatch(/not JSON/);
    for (const body of ['[]', 'null', '"Anmerkung"', '42']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.json.error, body).toMatch(/expected a JSON object/);
    }
    expect((await post('')).status).toBe(400);
    expect((await post(JSON.stringify(good), 'text/plain')).status).toBe(415);
    expect((await post(JSON.stringify(good), 'application/x-ndjson')).status).toBe(415);
    expect((await post(JSON.stringify({ ...good, title: 'x'.repeat(20_000) }))).status).toBe(413);

    // Many unknown keys: named in a bounded answer, the rest only counted.
    const keys = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`k${i}${'y'.repeat(10)}`, i]),
    );
    const many = await save({ ...good, ...keys });
    expect(many.status).toBe(400);
    expect((many.json.error as string).length).toBeLessThanOrEqual(2_001);
    expect(many.json.error).toMatch(/and 495 more$/);
    expect(many.json.issues).toHaveLength(5);
    expect(await snapshot()).toEqual(before);
  });
});

describe('when ClickHouse is down', () => {
  it('answers 503 with Retry-After and stores nothing', async () => {
    const down = await startTestIngest(
      db.name,
      { acceptThreads: 0 },
      { ...warehouseConfig(), url: `http://127.0.0.1:${await freePort()}` },
    );
    try {
      const before = await snapshot();
      const res = await call('POST', '/v1/annotations', {
        body: JSON.stringify({ id: 'D-1', date: '2026-10-01', title: 'ohne ClickHouse' }),
        service: down,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.json.error).toMatch(/annotation not stored/);
      expect((await call('DELETE', '/v1/annotations/KEEP', { service: down })).status).toBe(503);
      expect(await snapshot()).toEqual(before);
    } finally {
      await down.stop();
    }
  });
});

describe('the dashboard', () => {
  const creds = warehouseConfig().credentials;

  it.runIf(warehouseConfig().managed)(
    'holds only the read-only ClickHouse user, in its environment and on disk',
    async () => {
      const environ = readFileSync(`/proc/${dash.pid}/environ`, 'utf8').split('\0');
      for (const role of ['admin', 'ingest'] as const) {
        expect(
          environ.some((kv) => kv.includes(creds[role].password)),
          role,
        ).toBe(false);
      }
      expect(environ).toContain('CLICKHOUSE_READER_ONLY=1');
      expect(environ).toContain(`CLICKHOUSE_READ_USER=${creds.reader.user}`);
      // A dashboard whose data folder holds no credentials file at all still reads: it never
      // opens that file, so it cannot take the other users' passwords from it either.
      const res = await bare.get('/api/v1/kpi/summary?from=2026-11-02&to=2026-11-08');
      expect(res.status).toBe(200);
    },
  );

  it('in reader-only mode has no other ClickHouse user to connect as', () => {
    const own = {
      CLICKHOUSE_URL: 'http://127.0.0.1:8123',
      CLICKHOUSE_USER: 'lagebild_admin',
      CLICKHOUSE_PASSWORD: 'admin-geheim',
      CLICKHOUSE_INGEST_USER: 'lagebild_ingest',
      CLICKHOUSE_INGEST_PASSWORD: 'ingest-geheim',
      CLICKHOUSE_READ_USER: 'lagebild_reader',
      CLICKHOUSE_READ_PASSWORD: 'reader-geheim',
    };
    const env = readerOnlyEnv(own);
    expect(Object.values(env)).not.toContain('admin-geheim');
    expect(Object.values(env)).not.toContain('ingest-geheim');
    expect(
      Object.keys(env)
        .filter((k) => k.startsWith('CLICKHOUSE_'))
        .sort(),
    ).toEqual([
      'CLICKHOUSE_READER_ONLY',
      'CLICKHOUSE_READ_PASSWORD',
      'CLICKHOUSE_READ_USER',
      'CLICKHOUSE_URL',
    ]);
    const config = warehouseConfig(env);
    expect(config.credentials.reader).toEqual({
      user: 'lagebild_reader',
      password: 'reader-geheim',
    });
    for (const role of ['admin', 'ingest'] as const)
      expect(() => new Warehouse(config, role, 'lagebild'), role).toThrow(/only the read-only/);
    expect(() => warehouseConfig({ CLICKHOUSE_READER_ONLY: '1' })).toThrow(/CLICKHOUSE_READ_USER/);
    expect(() => warehouseConfig({ ...env, CLICKHOUSE_READER_ONLY: 'yes' })).toThrow(
      /CLICKHOUSE_READER_ONLY/,
    );
  });

  it('saves, edits and deletes annotations on the Verwaltung page through the ingest service', async () => {
    addUser('chefin', 'admin', PASSWORD, dash.usersFile);
    const cookie = await login(dash.url, 'chefin', PASSWORD);
    const action = async (name: string, fields: Record<string, string>) => {
      const res = await fetch(`${dash.url}/verwaltung?/${name}`, {
        method: 'POST',
        headers: {
          cookie,
          origin: dash.url,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      });
      return { status: res.status, html: await res.text() };
    };

    const saved = await action('saveAnnotation', {
      id: '',
      date: '2026-07-01',
      title: 'Online-Termine für Kfz',
      service: '',
    });
    expect(saved.status).toBe(200);
    expect(saved.html).toContain('Anmerkung gespeichert.');
    const created = (await annotations(db.reader)).find(
      (a) => a.title === 'Online-Termine für Kfz',
    );
    expect(created).toMatchObject({ date: '2026-07-01', service: '' });
    expect(saved.html).toContain('Online-Termine für Kfz');

    const edited = await action('saveAnnotation', {
      id: created!.id,
      date: '2026-07-02',
      title: 'Online-Termine für Kfz (ab Juli)',
      service: 'PA-ANTRAG',
    });
    expect(edited.html).toContain('Anmerkung gespeichert.');
    expect(await live(created!.id)).toMatchObject({
      date: '2026-07-02',
      title: 'Online-Termine für Kfz (ab Juli)',
      service: 'PA-ANTRAG',
    });

    const invalid = await action('saveAnnotation', {
      id: '',
      date: '2026-07-03',
      title: 'ü'.repeat(201),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('Anmerkung ungültig: title');
    expect(invalid.html).toContain('ü'.repeat(201));

    const deleted = await action('deleteAnnotation', { id: created!.id });
    expect(deleted.html).toContain('Anmerkung gelöscht.');
    expect(await live(created!.id)).toBeUndefined();
    const again = await action('deleteAnnotation', { id: created!.id });
    expect(again.status).toBe(404);
    expect(again.html).toContain('Anmerkung nicht gefunden.');

    // Another role may not write, however it asks.
    addUser('team1', 'team', PASSWORD, dash.usersFile);
    const team = await login(dash.url, 'team1', PASSWORD);
    const refused = await fetch(`${dash.url}/verwaltung?/saveAnnotation`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: team,
        origin: dash.url,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ date: '2026-07-04', title: 'vom Team' }).toString(),
    });
    expect([303, 403]).toContain(refused.status);
    expect((await annotations(db.reader)).some((a) => a.title === 'vom Team')).toBe(false);
  });

  it('tells the admin in German when the ingest service cannot be reached, and keeps the input', async () => {
    addUser('chefin', 'admin', PASSWORD, bare.usersFile);
    const cookie = await login(bare.url, 'chefin', PASSWORD);
    const before = await snapshot();
    const res = await fetch(`${bare.url}/verwaltung?/saveAnnotation`, {
      method: 'POST',
      headers: {
        cookie,
        origin: bare.url,
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        id: '',
        date: '2026-08-03',
        title: 'Geht nicht verloren',
      }).toString(),
    });
    const html = await res.text();
    expect(res.status).toBe(503);
    expect(html).toMatch(/Der Ingest-Dienst \(http:\/\/127\.0\.0\.1:\d+\) ist nicht erreichbar/);
    expect(html).toContain('die Anmerkung wurde nicht gespeichert');
    expect(html).toContain('value="Geht nicht verloren"');
    expect(html).toContain('value="2026-08-03"');
    expect(await snapshot()).toEqual(before);
  });
});

describe('under lagebild serve', () => {
  it('the dashboard has only the reader, and the Verwaltung page writes through the ingest service', async () => {
    const serve = await startServe(db.name, { LAGEBILD_ACCEPT_THREADS: '1' });
    try {
      const environ = readFileSync(`/proc/${serve.childPid('Dashboard')}/environ`, 'utf8').split(
        '\0',
      );
      if (warehouseConfig().managed)
        for (const role of ['admin', 'ingest'] as const)
          expect(
            environ.some((kv) => kv.includes(warehouseConfig().credentials[role].password)),
            role,
          ).toBe(false);
      expect(environ).toContain('CLICKHOUSE_READER_ONLY=1');
      expect(environ.some((kv) => kv.startsWith('LAGEBILD_ANNOTATE_TOKEN=lba_'))).toBe(true);
      expect(environ.some((kv) => /^CLICKHOUSE_(INGEST_)?(USER|PASSWORD)=/.test(kv))).toBe(false);

      addUser('chefin', 'admin', PASSWORD, serve.usersFile);
      const cookie = await login(serve.dashboardUrl, 'chefin', PASSWORD);
      const post = (name: string, fields: Record<string, string>) =>
        fetch(`${serve.dashboardUrl}/verwaltung?/${name}`, {
          method: 'POST',
          headers: {
            cookie,
            origin: serve.dashboardUrl,
            accept: 'text/html',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(fields).toString(),
        }).then(async (r) => ({ status: r.status, html: await r.text() }));
      const saved = await post('saveAnnotation', {
        id: '',
        date: '2026-09-01',
        title: 'Über serve gespeichert',
      });
      expect(saved.html).toContain('Anmerkung gespeichert.');
      const row = (await annotations(db.reader)).find((a) => a.title === 'Über serve gespeichert');
      expect(row).toMatchObject({ date: '2026-09-01' });
      const deleted = await post('deleteAnnotation', { id: row!.id });
      expect(deleted.html).toContain('Anmerkung gelöscht.');
      expect(await live(row!.id)).toBeUndefined();
    } finally {
      await serve.stop();
    }
  });
});
