import { describe, expect, it } from 'vitest';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { bootstrapMedianDifference } from '../../maths/bootstrap.ts';

/** Fisher–Yates with its own seeded generator, so each shuffle is a fixed, different order. */
function shuffled(values: readonly number[], seed: number): number[] {
  const rng = xoroshiro128plus(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniformFloat64(rng) * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// Handling seconds with ties, as the warehouse returns them (whole seconds, many repeats).
const rng = xoroshiro128plus(7);
const before = Array.from({ length: 60 }, () => Math.round(900 + 600 * uniformFloat64(rng)));
const after = Array.from({ length: 45 }, () => Math.round(800 + 600 * uniformFloat64(rng)));
const orders = (xs: number[]) => [
  xs,
  [...xs].sort((m, n) => m - n),
  [...xs].sort((m, n) => n - m),
  shuffled(xs, 1),
  shuffled(xs, 2),
  shuffled(xs, 3),
];

describe('bootstrap of the difference of medians', () => {
  it('gives the same interval for the same values in any order', () => {
    const reference = bootstrapMedianDifference(before, after);
    const bs = orders(before);
    const as = orders(after);
    for (let i = 0; i < bs.length; i++)
      expect(bootstrapMedianDifference(bs[i]!, as[as.length - 1 - i]!)).toEqual(reference);
    // The sample is wide enough that a row-order dependence would move the bounds.
    expect(reference.upper - reference.lower).toBeGreaterThan(100);
  });

  it('is the constant difference when every value on each side is equal', () => {
    const ci = bootstrapMedianDifference(Array(30).fill(600), Array(20).fill(480));
    expect(ci).toEqual({ difference: -120, lower: -120, upper: -120, level: 0.95 });
  });

  it('matches the exact bootstrap distribution of a two-value sample', () => {
    // Before is constant 0. After is {0, 1}: a resample of two draws has median 0 with
    // probability 1/4, 0.5 with 1/2 and 1 with 1/4, so its exact 2.5 % and 97.5 %
    // percentiles are 0 and 1. With 1,000 resamples about 250 land on each end, far more
    // than the 25 the bounds' ranks need, so the estimate is the exact interval.
    const ci = bootstrapMedianDifference([0, 0, 0], [1, 0]);
    expect(ci).toEqual({ difference: 0.5, lower: 0, upper: 1, level: 0.95 });
  });
});
