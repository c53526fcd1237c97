import { describe, expect, it } from 'vitest';
import { durationAxis, formatDurationTick } from '../../dashboard/src/lib/charts/duration-axis.ts';

describe('time axes tick on round minutes', () => {
  it('chooses 5, 10, 15, 30 or 60 minutes by the range, never a decimal step', () => {
    expect(durationAxis([0, 1500])).toEqual({ min: 0, max: 1500, interval: 300 });
    expect(durationAxis([200, 2900])).toEqual({ min: 0, max: 3000, interval: 600 });
    expect(durationAxis([4000])).toEqual({ min: 0, max: 4500, interval: 900 });
    expect(durationAxis([9500])).toEqual({ min: 0, max: 10800, interval: 1800 });
    expect(durationAxis([30])).toEqual({ min: 0, max: 60, interval: 60 });
    // A decrease below zero (a process change) gets round steps on both sides.
    expect(durationAxis([-700, 400])).toEqual({ min: -900, max: 600, interval: 300 });
  });

  it('labels ticks as minutes or whole hours', () => {
    expect([300, 900, 3600, 5400, 7200, -600].map(formatDurationTick)).toEqual([
      '5 min',
      '15 min',
      '1 h',
      '90 min',
      '2 h',
      '-10 min',
    ]);
  });
});
