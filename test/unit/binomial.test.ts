import { describe, expect, it } from 'vitest';
import { binomialUpperTail, maxOverbooking } from '../../maths/binomial.ts';

describe('binomial upper tail', () => {
  it('matches sums worked out by hand', () => {
    // Three fair coins, all heads: 1/8; four, three or more: (4 + 1)/16.
    expect(binomialUpperTail(3, 0.5, 2)).toBeCloseTo(0.125, 12);
    expect(binomialUpperTail(4, 0.5, 2)).toBeCloseTo(0.3125, 12);
    // P(X ≥ 6), X ~ B(10, 0.3): 210·0.3⁶·0.7⁴ + 120·0.3⁷·0.7³ + 45·0.3⁸·0.7² + 10·0.3⁹·0.7 + 0.3¹⁰
    // = 0.0367569 + 0.0090017 + 0.0014467 + 0.0001378 + 0.0000059 = 0.0473490.
    expect(binomialUpperTail(10, 0.3, 5)).toBeCloseTo(0.047349, 6);
  });

  it('has the edges of a probability', () => {
    expect(binomialUpperTail(5, 0.9, 5)).toBe(0);
    expect(binomialUpperTail(5, 0.9, -1)).toBe(1);
    expect(binomialUpperTail(5, 0, 2)).toBe(0);
    expect(binomialUpperTail(5, 1, 2)).toBe(1);
    // Large counts stay finite: 0.999¹⁰⁰⁰ alone is e^−1.0005.
    const t = binomialUpperTail(1000, 0.999, 995);
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThan(1);
  });
});

describe('overbooking', () => {
  it('allows the largest k whose overflow risk stays within the limit', () => {
    // Two slots, half do not show: one extra booking overflows when all 3 come (1/8), two
    // extra when 3 or 4 of 4 come (5/16).
    expect(maxOverbooking(2, 0.5, 0.2)).toEqual({
      extra: 1,
      overflowRisk: expect.closeTo(0.125, 12),
    });
    expect(maxOverbooking(2, 0.5, 0.05)).toEqual({ extra: 0, overflowRisk: 0 });
    // 30 slots, 10 % no-shows, 5 % risk: 31 booked overflow when all come, 0.9³¹ = 0.038152;
    // 32 booked when 31 or 32 come, 0.9³² + 32·0.1·0.9³¹ = 0.0343368 + 0.1220865 = 0.1564233.
    const r = maxOverbooking(30, 0.1, 0.05);
    expect(r.extra).toBe(1);
    expect(r.overflowRisk).toBeCloseTo(0.038152, 6);
    expect(binomialUpperTail(32, 0.9, 30)).toBeCloseTo(0.1564233, 6);
  });

  it('allows nothing without no-shows and stops at the bound when nobody shows', () => {
    expect(maxOverbooking(10, 0, 0.05).extra).toBe(0);
    expect(maxOverbooking(2, 1, 0.05)).toEqual({ extra: 20, overflowRisk: 0 });
  });

  it('refuses impossible inputs', () => {
    expect(() => maxOverbooking(-1, 0.1, 0.05)).toThrow(RangeError);
    expect(() => maxOverbooking(3, 1.5, 0.05)).toThrow(RangeError);
    expect(() => maxOverbooking(3, 0.1, 1)).toThrow(RangeError);
  });
});
