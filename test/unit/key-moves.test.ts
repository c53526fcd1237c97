import { describe, expect, it } from 'vitest';
import { tombstonesFor } from '../../ingest/writer/key-moves.ts';

const row = (day: string, version: number, deleted = 0, ingested = '2026-03-11 07:00:00') => ({
  id: 'V-1',
  site: 'rathaus',
  day,
  version,
  deleted,
  ingested_at: ingested,
  desk: `Platz ${day.slice(-2)}`,
});

describe('settling an id that lives under several keys', () => {
  it('buries every key but the one with the highest version, with that version', () => {
    const t = tombstonesFor([row('2026-03-10', 1), row('2026-03-11', 5), row('2026-03-12', 3)]);
    expect(t.map((r) => [r.day, r.version, r.deleted, r.desk])).toEqual([
      ['2026-03-10', 5, 1, 'Platz 10'],
      ['2026-03-12', 5, 1, 'Platz 12'],
    ]);
  });

  it('reads each key as FINAL does: its highest version, a tombstone over an equal live row', () => {
    // The 10th was buried at version 5; a stale version 4 arriving there later changes nothing.
    expect(
      tombstonesFor([
        row('2026-03-10', 1),
        row('2026-03-10', 5, 1),
        row('2026-03-10', 4),
        row('2026-03-11', 5),
      ]),
    ).toEqual([]);
    // A live row and its tombstone at the same version: the tombstone counts.
    expect(
      tombstonesFor([row('2026-03-10', 5), row('2026-03-10', 5, 1), row('2026-03-11', 5)]),
    ).toEqual([]);
  });

  it('between equal versions the later receipt wins', () => {
    const t = tombstonesFor([
      row('2026-03-10', 7, 0, '2026-03-11 07:00:05'),
      row('2026-03-11', 7, 0, '2026-03-11 07:00:00'),
    ]);
    expect(t.map((r) => [r.day, r.version, r.deleted])).toEqual([['2026-03-11', 7, 1]]);
  });

  it('a single key needs nothing', () => {
    expect(tombstonesFor([row('2026-03-10', 1), row('2026-03-10', 2)])).toEqual([]);
  });
});
