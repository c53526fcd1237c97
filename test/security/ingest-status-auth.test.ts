/**
 * What the ingest service tells whom: `/v1/health` only ok/degraded without an ingest or
 * metrics token, `/metrics` only with a metrics token (or when made public); token roles.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { narrowestRole } from '../../dashboard/src/lib/access.ts';
import { addToken, readTokens } from '../../auth/token-store.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { validCall } from '../support/ingest-fixtures.ts';
import { startTestIngest, type TestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let ingest: TestIngest;
let readToken: string;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  ingest = await startTestIngest(db.name);
  readToken = addToken(
    { name: 'reader', scope: 'read', role: 'leitung' },
    join(ingest.dir, 'tokens.json'),
  );
  dir = mkdtempSync(join(tmpdir(), 'lagebild-tokens-'));
});
afterAll(async () => {
  await ingest?.stop();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/health', () => {
  it('without a valid ingest or metrics token: only the status, nothing about sources or internals', async () => {
    expect((await ingest.post(JSON.stringify([validCall(1)]))).status).toBe(202);
    await ingest.drained();
    for (const bearer of [undefined, 'lbi_wrong', readToken]) {
      const res = await ingest.get('/v1/health', bearer);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ status: 'ok' });
      expect(res.text).not.toContain('test-source');
    }
  });

  it('with an ingest or a metrics token: the details and settled', async () => {
    for (const bearer of [ingest.token, ingest.metricsToken]) {
      const res = await ingest.get('/v1/health', bearer);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        status: 'ok',
        settled: true,
        clickhouse: { reachable: true, lastError: null },
        spool: { rows: 0, deadSegments: 0 },
        rollups: { pendingDays: 0 },
        lastFlush: { outcome: 'ok' },
      });
    }
  });
});

describe('GET /metrics', () => {
  it('401 without, with a wrong and with a non-metrics token; 200 with a metrics token', async () => {
    for (const bearer of [undefined, 'lbm_wrong', ingest.token, readToken]) {
      const res = await ingest.get('/metrics', bearer);
      expect(res.status).toBe(401);
      expect(res.text).not.toContain('test-source');
    }
    const res = await ingest.get('/metrics', ingest.metricsToken);
    expect(res.status).toBe(200);
    expect(res.text).toContain('source="test-source"');
  });

  it('LAGEBILD_METRICS_PUBLIC=1 serves it without a token', async () => {
    const open = await startTestIngest(db.name, { metricsPublic: true, acceptThreads: 0 });
    try {
      const res = await open.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('lagebild_ingest_requests_total');
      expect((await open.get('/v1/health')).json).toEqual({ status: 'ok' });
    } finally {
      await open.stop();
    }
  });
});

describe('token roles', () => {
  it('a read token keeps its role; other scopes refuse one; files without roles still parse', () => {
    const file = join(dir, 'roles.json');
    addToken({ name: 'r', scope: 'read', role: 'team' }, file);
    addToken({ name: 'plain', scope: 'read' }, file);
    expect(() => addToken({ name: 'i', scope: 'ingest', role: 'admin' }, file)).toThrow(/role/);
    expect(() => addToken({ name: 'm', scope: 'metrics', role: 'admin' }, file)).toThrow(/role/);
    expect(readTokens(file).map((t) => [t.name, t.role])).toEqual([
      ['r', 'team'],
      ['plain', undefined],
    ]);
    const old = join(dir, 'old.json');
    const { tokens } = JSON.parse(readFileSync(file, 'utf8')) as { tokens: object[] };
    const withoutRoles = tokens.map((t) => ({ ...t, role: undefined }));
    writeFileSync(old, JSON.stringify({ tokens: withoutRoles }));
    expect(readTokens(old).every((t) => t.role === undefined)).toBe(true);
  });

  it('lagebild token add: --role for read tokens (default the narrowest), refused for others', () => {
    const env = { ...process.env, LAGEBILD_TOKEN_FILE: join(dir, 'cli.json') };
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(PROJECT_ROOT, 'cli/lagebild.mjs'), 'token', ...args], {
        env,
        encoding: 'utf8',
      });
    expect(cli('add', '--scope', 'read', '--name', 'd').status).toBe(0);
    expect(cli('add', '--scope', 'read', '--name', 'a', '--role', 'admin').status).toBe(0);
    expect(cli('add', '--scope', 'metrics', '--name', 'm').stdout).toMatch(/^lbm_/);
    expect(cli('add', '--scope', 'ingest', '--name', 'i', '--role', 'admin').status).toBe(2);
    expect(cli('add', '--scope', 'read', '--name', 'x', '--role', 'chef').status).toBe(2);
    const stored = readTokens(env.LAGEBILD_TOKEN_FILE);
    expect(stored.map((t) => [t.name, t.scope, t.role])).toEqual([
      ['d', 'read', narrowestRole()],
      ['a', 'read', 'admin'],
      ['m', 'metrics', undefined],
    ]);
    const list = cli('list').stdout;
    expect(list).toMatch(/read\s+a\s.*Rolle admin/);
    expect(list).toMatch(new RegExp(`read\\s+d\\s.*Rolle ${narrowestRole()}`));
  });
});
