/**
 * Files that hold events, rejects, tokens or passwords are readable by their owner only
 * (0600), in folders only the owner may enter (0700): spool and dead segments, the rollups'
 * bookkeeping file, tokens, and the managed ClickHouse's credentials and config.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToken } from '../../auth/token-store.ts';
import { Spool } from '../../ingest/spool/spool.ts';
import { PROJECT_ROOT } from '../../config/paths.ts';
import { BREAKAGES, validCall } from '../support/ingest-fixtures.ts';
import { startTestIngest } from '../support/ingest-service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'lagebild-modes-'));
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('file modes', () => {
  it('spool segments with events and rejects, the spool and dead folders, the rollups file', async () => {
    // Flushes only at shutdown, so the segment is still there to look at.
    const ingest = await startTestIngest(db.name, { flushMs: 600_000, rollupIntervalMs: 0 });
    const spoolDir = ingest.service.spool.dir;
    try {
      const [, broken] = BREAKAGES[0]!;
      const res = await ingest.post(JSON.stringify([validCall(1), broken(2)]));
      expect(res.json).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });
      const segments = readdirSync(spoolDir).filter((n) => n.startsWith('seg-'));
      expect(segments.length).toBe(1);
      expect(mode(join(spoolDir, segments[0]!))).toBe('600');
      expect(mode(spoolDir)).toBe('700');
      expect(mode(ingest.service.spool.deadDir)).toBe('700');
    } finally {
      await ingest.service.shutdown();
    }
    // The shutdown flushed the segment and noted its days for the rollups.
    expect(mode(join(spoolDir, 'rollups-pending.json'))).toBe('600');
    rmSync(ingest.dir, { recursive: true, force: true });
  });

  it('segments an older version left world-readable, and dead segments', async () => {
    const spoolDir = join(dir, 'spool');
    mkdirSync(spoolDir, { mode: 0o755 });
    chmodSync(spoolDir, 0o755);
    const first = new Spool({ dir: spoolDir, maxBytes: 1024 ** 2 });
    await first.open();
    await first.append({
      receivedAtMs: Date.now(),
      blocks: [
        {
          table: 'calls',
          rows: 1,
          days: [],
          columns: ['id'],
          data: new TextEncoder().encode('x\n'),
        },
      ],
    });
    await first.close();
    const [name] = readdirSync(spoolDir).filter((n) => n.startsWith('seg-'));
    chmodSync(join(spoolDir, name!), 0o644);
    chmodSync(spoolDir, 0o755);

    const spool = new Spool({ dir: spoolDir, maxBytes: 1024 ** 2 });
    await spool.open();
    expect(spool.sealedSegments().map((s) => s.name)).toEqual([name]);
    expect(mode(spoolDir)).toBe('700');
    expect(mode(join(spoolDir, name!))).toBe('600');
    const dead = await spool.moveDead(spool.sealedSegments()[0]!);
    expect(mode(dead)).toBe('600');
    expect(mode(spool.deadDir)).toBe('700');
  });

  it('tokens file and a folder created for it', () => {
    const file = join(dir, 'new-folder', 'tokens.json');
    addToken({ name: 'x', scope: 'ingest' }, file);
    expect(mode(file)).toBe('600');
    expect(mode(join(dir, 'new-folder'))).toBe('700');
  });

  it('the managed ClickHouse: data and server folders, credentials, config.xml and users.xml', () => {
    const dataDir = join(dir, 'data');
    mkdirSync(join(dataDir, 'clickhouse'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    // A users.xml written world-readable by an older version is tightened too.
    writeFileSync(join(dataDir, 'clickhouse', 'users.xml'), '', { mode: 0o644 });
    // The configuration is read once per process: a process of its own, as `db start` is.
    const res = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { writeServerConfig } from './warehouse/server-config.ts'; writeServerConfig();`,
      ],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, LAGEBILD_DATA_DIR: dataDir } },
    );
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    const ch = join(dataDir, 'clickhouse');
    expect(mode(dataDir)).toBe('700');
    expect(mode(ch)).toBe('700');
    for (const f of ['credentials.json', 'config.xml', 'users.xml'])
      expect([f, mode(join(ch, f))]).toEqual([f, '600']);
    for (const sub of ['data', 'tmp', 'log'])
      expect([sub, mode(join(ch, sub))]).toEqual([sub, '700']);
  });
});
