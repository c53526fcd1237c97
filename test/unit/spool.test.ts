import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptRequest } from '../../ingest/pipeline/accept-request.ts';
import { Spool, type SegmentRows } from '../../ingest/spool/spool.ts';
import { BREAKAGES, validCall, validEmail, validVisit } from '../support/ingest-fixtures.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function body(i: number): Uint8Array {
  const items = [
    validVisit(i, { desk: 'Platz "7" \\ Ä' }),
    validCall(i),
    validEmail(i),
    BREAKAGES[i % BREAKAGES.length]![1](i),
  ];
  return new TextEncoder().encode(items.map((x) => JSON.stringify(x)).join('\n'));
}

const RECEIVED = Date.UTC(2026, 10, 25, 7, 0, 0);
const decoder = new TextDecoder();

async function spoolWithThreeRequests(memoryBytes?: number): Promise<Spool> {
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-spool-'));
  dirs.push(dir);
  const spool = new Spool({ dir, maxBytes: 10 * 1024 ** 2, memoryBytes });
  await spool.open();
  for (let i = 0; i < 3; i++) {
    const o = acceptRequest({
      body: body(i),
      ndjson: true,
      batchId: `b${i}`,
      source: 'test',
      receivedAtMs: RECEIVED + i * 1000,
    });
    if (!o.ok) throw new Error(o.error.message);
    await spool.append({ receivedAtMs: RECEIVED + i * 1000, blocks: o.blocks });
  }
  await spool.seal();
  return spool;
}

/** Rows as text lines per table, so memory and file can be compared. */
function plain(r: SegmentRows) {
  return {
    byTable: Object.fromEntries(
      [...r.byTable]
        .sort()
        .map(([t, groups]) => [
          t,
          groups.flatMap((g) =>
            g.chunks.flatMap((b) => decoder.decode(b).split('\n').filter(Boolean)),
          ),
        ]),
    ),
    columns: Object.fromEntries(
      [...r.byTable].sort().map(([t, groups]) => [t, groups.map((g) => g.columns)]),
    ),
    received: r.received,
    days: Object.fromEntries(Object.entries(r.days).map(([t, s]) => [t, [...s].sort()])),
    lines: r.lines,
    torn: r.torn,
  };
}

describe('spool segments in memory and on disk', () => {
  it('give the writer the same rows, days and counts', async () => {
    const spool = await spoolWithThreeRequests();
    const seg = spool.sealedSegments()[0]!;
    const fromMemory = plain(await spool.readRows(seg));

    // A second spool on the same folder knows the segment only from its file (a restart).
    const again = new Spool({ dir: spool.dir, maxBytes: 10 * 1024 ** 2 });
    await again.open();
    const fromDisk = plain(await again.readRows(again.sealedSegments()[0]!));

    expect(fromMemory).toEqual(fromDisk);
    expect(fromMemory.lines).toBe(seg.lines);
    expect(Object.keys(fromMemory.byTable).sort()).toEqual(
      ['calls', 'emails', 'ingest_batches', 'rejects', 'visits'].sort(),
    );
    // TabSeparated in the order the header names; the backslash escaped, the rest as is.
    const [visitColumns] = fromMemory.columns.visits!;
    const desk = visitColumns!.indexOf('desk');
    expect(fromMemory.byTable.visits!.map((l) => l.split('\t')[desk])).toEqual(
      Array(3).fill('Platz "7" \\\\ Ä'),
    );
    expect(fromMemory.days.visits).toEqual(['2026-11-24']);
    expect(fromMemory.received).toEqual({ from: RECEIVED, to: RECEIVED + 2000 });
  });

  it('falls back to the file when the memory bound is reached', async () => {
    const bounded = await spoolWithThreeRequests(1);
    const unbounded = await spoolWithThreeRequests();
    expect(plain(await bounded.readRows(bounded.sealedSegments()[0]!))).toEqual(
      plain(await unbounded.readRows(unbounded.sealedSegments()[0]!)),
    );
  });

  it('skips a record torn by a crash mid-write and keeps the ones before it', async () => {
    const spool = await spoolWithThreeRequests();
    const seg = spool.sealedSegments()[0]!;
    const whole = plain(await spool.readRows(seg));
    const file = join(spool.dir, seg.name);
    truncateSync(file, readFileSync(file).byteLength - 10);

    const again = new Spool({ dir: spool.dir, maxBytes: 10 * 1024 ** 2 });
    await again.open();
    const torn = plain(await again.readRows(again.sealedSegments()[0]!));
    expect(torn.torn).toBe(1);
    // The third request's record is gone as a whole: its visit, call, email and reject.
    expect(torn.byTable.visits).toEqual(whole.byTable.visits!.slice(0, 2));
    expect(torn.byTable.rejects).toEqual(whole.byTable.rejects!.slice(0, 2));
    expect(torn.lines).toBe(whole.lines - 5);
    expect(torn.received).toEqual({ from: RECEIVED, to: RECEIVED + 1000 });
  });

  it('still reads segments in the line format spooled before records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagebild-spool-'));
    dirs.push(dir);
    const visit = '{"id":"V-1","version":1,"site":"rathaus","day":"2026-11-24","deleted":0}';
    const call = '{"id":"C-1","version":1,"site":"rathaus","day":"2026-11-23","deleted":0}';
    writeFileSync(
      join(dir, 'seg-0000000007-1764054000000.ndjson'),
      `visits\t2026-11-24\t${visit}\ncalls\t2026-11-23\t${call}\nvisits\t2026-11-24\t{"id":"V-2",`,
    );
    const spool = new Spool({ dir, maxBytes: 10 * 1024 ** 2 });
    await spool.open();
    const seg = spool.sealedSegments()[0]!;
    expect(seg.lines).toBe(2);
    expect(plain(await spool.readRows(seg))).toEqual({
      byTable: { calls: [call], visits: [visit] },
      columns: { calls: [null], visits: [null] },
      received: null,
      days: { calls: ['2026-11-23'], visits: ['2026-11-24'] },
      lines: 2,
      torn: 1,
    });
  });
});
