import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangC,
  erlangStaffing,
  ErlangInputError,
  serviceLevelOf,
} from '../../maths/erlang-c.ts';

describe('Erlang C', () => {
  // Worked example of Call Centre Helper, "Erlang C Formula – Made Simple With an Easy
  // Worked Example": 100 calls in 30 minutes, AHT 180 s (10 Erlangs), target 80 % answered
  // within 20 s, 30 % shrinkage. Published steps: with 11 agents P(wait) = 68.2 % and
  // SL = 39.0 %; 12 → 44.9 %, 64.0 %; 13 → 28.5 %, 79.6 % (just short); 14 → 17.4 %,
  // 88.8 %, so 14 agents, ASA 7.8 s, occupancy 71.4 %, 20 agents with shrinkage.
  it('reproduces the published worked example step by step', () => {
    const steps: [number, number, number][] = [
      [11, 0.6821, 0.3897],
      [12, 0.4494, 0.6402],
      [13, 0.2853, 0.7956],
      [14, 0.1741, 0.8884],
    ];
    for (const [n, pw, sl] of steps) {
      expect(erlangC(n, 10)).toBeCloseTo(pw, 3);
      expect(serviceLevelOf(n, 10, 180, 20)).toBeCloseTo(sl, 3);
    }
    const r = erlangStaffing({
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetSeconds: 20,
      shrinkage: 0.3,
    });
    expect(r.agents).toBe(14);
    expect(r.asaSeconds).toBeCloseTo(7.83, 1);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    expect(r.staffWithShrinkage).toBe(20);
  });

  it('Erlang B matches the textbook table (A = 2, N = 4 → 9.52 %)', () => {
    // Erlang B table, e.g. in Wikipedia's "Erlang (unit)" article: 2 Erlangs on 4 lines block 9.52 %.
    expect(erlangB(4, 2)).toBeCloseTo(0.0952, 4);
  });

  it('stays finite and sensible for very large loads (thousands of calls per interval)', () => {
    const r = erlangStaffing({
      calls: 20_000,
      intervalSeconds: 1800,
      ahtSeconds: 300,
      targetServiceLevel: 0.75,
      targetSeconds: 30,
    });
    expect(Number.isFinite(r.serviceLevel)).toBe(true);
    expect(r.agents).toBeGreaterThan(r.trafficErlangs);
    expect(r.agents).toBeLessThan(r.trafficErlangs * 1.05);
    expect(r.serviceLevel).toBeGreaterThanOrEqual(0.75);
  });

  it.each([
    [{ calls: 0 }, /calls/],
    [{ calls: -5 }, /calls/],
    [{ ahtSeconds: 0 }, /ahtSeconds/],
    [{ targetServiceLevel: 1 }, /targetServiceLevel/],
    [{ targetServiceLevel: 0 }, /targetServiceLevel/],
    [{ shrinkage: 1 }, /shrinkage/],
    [{ intervalSeconds: Number.NaN }, /intervalSeconds/],
  ])('rejects bad input %j', (override, message) => {
    const base = {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetServiceLevel: 0.8,
      targetSeconds: 20,
    };
    expect(() => erlangStaffing({ ...base, ...override })).toThrow(ErlangInputError);
    expect(() => erlangStaffing({ ...base, ...override })).toThrow(message);
  });
});
