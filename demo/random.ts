import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Hashes integer parts (seed, day number, site, stream …) into a well-mixed 32-bit word,
 * so that neighbouring days or sites get unrelated streams.
 */
function hashParts(parts: readonly number[], salt: number): number {
  let h = fmix32(salt);
  for (const part of parts) {
    // Seeds may exceed 32 bits: fold the high part in as its own word.
    const hi = Math.floor(part / 0x1_0000_0000);
    h = fmix32(h ^ fmix32(part | 0));
    h = fmix32(h ^ fmix32(hi + 0x9e3779b9));
  }
  return h;
}

/** A seeded random source with the distributions the demo generator needs. */
export class Random {
  private readonly rng: RandomGenerator;
  private spareNormal = Number.NaN;

  constructor(...parts: number[]) {
    // Four independently hashed words fill the whole 128-bit state of xoroshiro128+.
    const state = [0, 1, 2, 3].map((salt) => hashParts(parts, salt));
    if (!state.some((w) => w !== 0)) state[0] = 1;
    this.rng = xoroshiro128plusFromState(state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.rng);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return z;
    }
    const u = 1 - this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Lognormal with the given median and spread (sigma of the underlying normal). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Poisson count; above a mean of 50 the normal approximation is exact enough and O(1). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  /** Number of successes in n trials of probability p. */
  binomial(n: number, p: number): number {
    let k = 0;
    for (let i = 0; i < n; i++) if (this.next() < p) k++;
    return k;
  }

  /** Fisher-Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Weighted choice among fixed items: cumulative weights built once, picked by linear scan. */
export class WeightedChoice<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (!(sum > 0)) throw new RangeError('weighted choice needs a positive total weight');
    this.total = sum;
  }

  pickIndex(random: Random): number {
    const x = random.next() * this.total;
    const last = this.cumulative.length - 1;
    for (let i = 0; i < last; i++) if (x < (this.cumulative[i] as number)) return i;
    return last;
  }

  pick(random: Random): T {
    return this.items[this.pickIndex(random)] as T;
  }
}
