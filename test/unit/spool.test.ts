import { mkdtempSync, rmSync } from 'node:fs';
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
      receivedAtMs: Date.UTC(2026, 10, 25, 7, 0, i),
    });
    if (!o.ok) throw new Error(o.error.message);
    await spool.append(o.data, o.lines, o.rows);
  }
  await spool.seal();
  return spool;
}

function plain(r: SegmentRows) {
  return {
    byTable: Object.fromEntries([...r.byTable].sort()),
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
    expect(fromMemory.byTable.visits!.map((l) => JSON.parse(l).desk)).toEqual(
      Array(3).fill('Platz "7" \\ Ä'),
    );
    expect(fromMemory.days.visits).toEqual(['2026-11-24']);
  });

  it('falls back to the file when the memory bound is reached', async () => {
    const bounded = await spoolWithThreeRequests(1);
    const unbounded = await spoolWithThreeRequests();
    expect(plain(await bounded.readRows(bounded.sealedSegments()[0]!))).toEqual(
      plain(await unbounded.readRows(unbounded.sealedSegments()[0]!)),
    );
  });
});
