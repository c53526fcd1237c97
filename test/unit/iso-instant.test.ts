import { describe, expect, it } from 'vitest';
import { instantMs } from '../../calendar/iso-instant.ts';
import { Random } from '../../demo/random.ts';

const EDGES = [
  '2026-11-25T08:05:00+01:00',
  '2026-11-25T08:05:00Z',
  '2026-11-25T08:05:00.5Z',
  '2026-11-25T08:05:00.123456-03:30',
  '2026-11-25T08:05:00.Z',
  '2025-02-30T10:00:00Z',
  '2024-02-29T23:59:59+14:00',
  '2025-03-03T24:00:00Z',
  '2025-03-03T24:00:01Z',
  '2025-03-03T10:00:60Z',
  '2025-13-03T10:00:00Z',
  '2025-00-03T10:00:00Z',
  '2025-03-00T10:00:00Z',
  '2025-03-32T10:00:00Z',
  '2025-03-03T10:00:00+0100',
  '2025-03-03T10:00:00+24:00',
  '2025-03-03T10:00:00+01:60',
  '2025-03-03T10:00:00-00:00',
  '2025-03-03T10:00:00',
  '2025-03-03 10:00:00Z',
  '2025-03-03T1a:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  'not a date at all, but long',
  '',
];

describe('instantMs', () => {
  it('equals Date.parse on edge cases, valid or not', () => {
    for (const s of EDGES) expect({ s, ms: instantMs(s) }).toEqual({ s, ms: Date.parse(s) });
  });

  it('equals Date.parse on 20,000 random instants with random offsets and fractions', () => {
    const random = new Random(11);
    const two = (n: number) => String(n).padStart(2, '0');
    for (let i = 0; i < 20_000; i++) {
      const iso = new Date(Math.floor(random.uniform(-1e12, 4.1e12))).toISOString();
      const fraction = ['', '.5', '.12', '.123', '.1239'][random.int(5)]!;
      const offset = random.chance(0.2)
        ? 'Z'
        : `${random.chance(0.5) ? '+' : '-'}${two(random.int(24))}:${two(random.int(60))}`;
      const s = `${iso.slice(0, 19)}${fraction}${offset}`;
      expect({ s, ms: instantMs(s) }).toEqual({ s, ms: Date.parse(s) });
    }
  });
});
