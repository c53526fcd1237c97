import { describe, expect, it } from 'vitest';
import { keyOfLine } from '../../ingest/writer/key-moves.ts';

describe('identity of a spooled row line', () => {
  it('reads id, version, site and day, also when they need JSON escapes', () => {
    const ids = ['V-1', 'a"b', 'c\\d', 'x","version":5', '😀ä', 'V-2","site":"x', 'tab\there'];
    const sites = ['offenbach', 'o"b', 's\\t', 'a","day":"2020-01-01'];
    for (const id of ids) {
      for (const site of sites) {
        const row = { id, version: 1_732_000_000_123, site, day: '2026-11-25', deleted: 0, n: 1 };
        expect(keyOfLine(JSON.stringify(row))).toEqual({
          id,
          version: row.version,
          site,
          day: row.day,
        });
      }
    }
  });
});
