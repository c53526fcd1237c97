import { describe, expect, it } from 'vitest';
import { erlangA, erlangADay, erlangAServiceLevel, erlangAStaffing } from '../../maths/erlang-a.ts';
import { erlangB, erlangStaffing, ErlangInputError } from '../../maths/erlang-c.ts';

/**
 * What becomes of arrivals who find the `ahead[j]` share of states with j waiting ahead of
 * them (and `noWait` a free agent): by first-step analysis of the queue ahead (it moves up
 * at nμ + jθ, the arrival gives up at θ) and uniformization of the same chain for "served
 * within t" — a computation that shares no formula with maths/erlang-a.ts.
 */
function outcomes(
  n: number,
  mu: number,
  theta: number,
  t: number,
  noWait: number,
  ahead: number[],
) {
  const c = n * mu;
  let served = 0;
  let servedWait = 0;
  let h = 1;
  let g = 0;
  ahead.forEach((p, m) => {
    const out = c + (m + 1) * theta;
    g = h * ((c + m * theta) / out) * (1 / out) + ((c + m * theta) / out) * g;
    h *= (c + m * theta) / out;
    served += p * h;
    servedWait += p * g;
  });
  const rate = c + (ahead.length + 1) * theta;
  let state = ahead.slice();
  let reached = 0;
  let poisson = Math.exp(-rate * t);
  let withinT = 0;
  for (let k = 0; k < 100_000; k++) {
    withinT += poisson * reached;
    const next = state.map((p, m) => p * (1 - (c + (m + 1) * theta) / rate));
    state.forEach((p, m) => {
      if (m === 0) reached += (p * c) / rate;
      else next[m - 1]! += (p * (c + m * theta)) / rate;
    });
    state = next;
    poisson *= (rate * t) / (k + 1);
    if (k > rate * t && poisson < 1e-18) break;
  }
  const total = noWait + ahead.reduce((s, p) => s + p, 0);
  return {
    asaSeconds: servedWait / (noWait + served),
    slOffered: (noWait + withinT) / total,
    slServed: (noWait + withinT) / (noWait + served),
  };
}

/** The stationary birth-death chain of M/M/n+M summed state by state (in logs, truncated). */
function reference(n: number, lambda: number, mu: number, theta: number, t: number) {
  const lnPi = [0];
  for (let k = 1; k < n + 20_000; k++) {
    const death = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
    lnPi.push(lnPi[k - 1]! + Math.log(lambda / death));
    if (k > n && lnPi[k]! < Math.max(...lnPi.slice(-50)) - 80) break;
  }
  const top = Math.max(...lnPi);
  const weights = lnPi.map((l) => Math.exp(l - top));
  const total = weights.reduce((s, w) => s + w, 0);
  const pi = weights.map((w) => w / total);
  const waiting = pi.slice(n);
  const pWait = waiting.reduce((s, p) => s + p, 0);
  const queue = waiting.reduce((s, p, j) => s + j * p, 0);
  return {
    pWait,
    pAbandon: (theta * queue) / lambda,
    meanWaitSeconds: queue / lambda,
    ...outcomes(n, mu, theta, t, 1 - pWait, waiting),
  };
}

/**
 * One interval from an empty system by the forward equations integrated with classical
 * Runge-Kutta (a second method beside the uniformization in erlangADay), the time-average
 * state taken by Simpson's rule over the steps.
 */
function transientReference(
  n: number,
  lambda: number,
  mu: number,
  theta: number,
  seconds: number,
  t: number,
) {
  const K = n + 200;
  const death = (k: number) => Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
  const derivative = (p: number[]) =>
    p.map(
      (x, k) =>
        -(k < K ? lambda : 0) * x -
        death(k) * x +
        (k > 0 ? lambda * p[k - 1]! : 0) +
        (k < K ? death(k + 1) * p[k + 1]! : 0),
    );
  const steps = 6_000;
  const h = seconds / steps;
  let p: number[] = Array.from({ length: K + 1 }, (_, k) => (k === 0 ? 1 : 0));
  const mean = p.map((x) => x / 3);
  for (let s = 1; s <= steps; s++) {
    const k1 = derivative(p);
    const k2 = derivative(p.map((x, i) => x + (h / 2) * k1[i]!));
    const k3 = derivative(p.map((x, i) => x + (h / 2) * k2[i]!));
    const k4 = derivative(p.map((x, i) => x + h * k3[i]!));
    p = p.map((x, i) => x + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
    const w = s === steps ? 1 : s % 2 === 1 ? 4 : 2;
    p.forEach((x, i) => (mean[i]! += (w * x) / 3));
  }
  const avg = mean.map((x) => x / steps);
  const noWait = avg.slice(0, n).reduce((s, x) => s + x, 0);
  return outcomes(n, mu, theta, t, noWait, avg.slice(n));
}

describe('Erlang A', () => {
  it('agrees with the birth-death chain summed state by state', () => {
    // 115-like: 35 calls in 30 min, AHT 300 s, patience 200 s, 4 to 8 agents, 30 s target;
    // counter-like: 25 walk-ins, 15 min handling, patience 75 min, 15 min target.
    const cases: [number, number, number, number, number][] = [
      [4, 35, 300, 200, 30],
      [6, 35, 300, 200, 30],
      [8, 35, 300, 200, 30],
      [9, 25, 900, 4500, 900],
      [14, 25, 900, 4500, 900],
      [2, 40, 300, 120, 20],
    ];
    for (const [agents, arrivals, aht, patience, t] of cases) {
      const input = {
        agents,
        arrivals,
        intervalSeconds: 1800,
        ahtSeconds: aht,
        patienceSeconds: patience,
      };
      const ref = reference(agents, arrivals / 1800, 1 / aht, 1 / patience, t);
      const r = erlangA(input);
      const sl = erlangAServiceLevel(input, t);
      expect(r.pWait).toBeCloseTo(ref.pWait, 9);
      expect(r.pAbandon).toBeCloseTo(ref.pAbandon, 9);
      expect(r.meanWaitSeconds).toBeCloseTo(ref.meanWaitSeconds, 6);
      expect(r.asaSeconds).toBeCloseTo(ref.asaSeconds, 6);
      expect(sl.ofOffered).toBeCloseTo(ref.slOffered, 8);
      expect(sl.ofServed).toBeCloseTo(ref.slServed, 8);
    }
  });

  it('stays stable for a few hundred agents, overloaded or not', () => {
    for (const [agents, arrivals] of [
      [300, 1750],
      [300, 1850],
      [150, 1800],
    ] as const) {
      const input = {
        agents,
        arrivals,
        intervalSeconds: 1800,
        ahtSeconds: 300,
        patienceSeconds: 200,
      };
      const ref = reference(agents, arrivals / 1800, 1 / 300, 1 / 200, 20);
      const r = erlangA(input);
      expect(r.pWait).toBeCloseTo(ref.pWait, 8);
      expect(r.pAbandon).toBeCloseTo(ref.pAbandon, 8);
      expect(erlangAServiceLevel(input, 20).ofOffered).toBeCloseTo(ref.slOffered, 7);
    }
  });

  it('tends to Erlang C as patience grows: the published worked example', () => {
    // Call Centre Helper's Erlang C example (test/unit/erlang-c.test.ts): 100 calls in 30 min,
    // AHT 180 s, 80 % within 20 s; P(wait) and SL for 11 to 14 agents.
    const published: [number, number, number][] = [
      [11, 0.6821, 0.3897],
      [12, 0.4494, 0.6402],
      [13, 0.2853, 0.7956],
      [14, 0.1741, 0.8884],
    ];
    for (const [agents, pWait, sl] of published) {
      const input = {
        agents,
        arrivals: 100,
        intervalSeconds: 1800,
        ahtSeconds: 180,
        patienceSeconds: 1e7,
      };
      expect(erlangA(input).pWait).toBeCloseTo(pWait, 3);
      expect(erlangA(input).pAbandon).toBeLessThan(1e-4);
      expect(erlangAServiceLevel(input, 20).ofOffered).toBeCloseTo(sl, 3);
    }
    const staffing = erlangAStaffing({
      arrivals: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      patienceSeconds: 1e7,
      targetServiceLevel: 0.8,
      targetSeconds: 20,
      basis: 'ofOffered',
    });
    expect(staffing.agents).toBe(14);
    expect(staffing.asaSeconds).toBeCloseTo(7.83, 1);
  });

  it('tends to the Erlang B loss system as patience vanishes (2 Erlangs on 4 lines: 9.52 %)', () => {
    const input = {
      agents: 4,
      arrivals: 2,
      intervalSeconds: 180,
      ahtSeconds: 180,
      patienceSeconds: 1e-6,
    };
    expect(erlangA(input).pWait).toBeCloseTo(0.0952, 4);
    expect(erlangA(input).pAbandon).toBeCloseTo(erlangB(4, 2), 6);
    expect(erlangAServiceLevel(input, 20).ofOffered).toBeCloseTo(1 - erlangB(4, 2), 6);
  });

  it('with no agents everybody gives up after their patience', () => {
    const r = erlangA({
      agents: 0,
      arrivals: 20,
      intervalSeconds: 1800,
      ahtSeconds: 300,
      patienceSeconds: 200,
    });
    expect(r.pWait).toBe(1);
    expect(r.pAbandon).toBeCloseTo(1, 12);
    expect(r.meanWaitSeconds).toBeCloseTo(200, 9);
    const sl = erlangAServiceLevel(
      { agents: 0, arrivals: 20, intervalSeconds: 1800, ahtSeconds: 300, patienceSeconds: 200 },
      30,
    );
    expect(sl.ofOffered).toBe(0);
  });

  it('staffs fewer agents than Erlang C where callers hang up, and the fewest that meet the target', () => {
    const load = { arrivals: 35, intervalSeconds: 1800, ahtSeconds: 300 };
    const c = erlangStaffing({
      calls: 35,
      intervalSeconds: 1800,
      ahtSeconds: 300,
      targetServiceLevel: 0.75,
      targetSeconds: 30,
    });
    const a = erlangAStaffing({
      ...load,
      patienceSeconds: 200,
      targetServiceLevel: 0.75,
      targetSeconds: 30,
      basis: 'ofOffered',
    });
    expect(a.agents).toBeLessThanOrEqual(c.agents);
    expect(a.serviceLevel).toBeGreaterThanOrEqual(0.75);
    const fewer = erlangAServiceLevel({ ...load, patienceSeconds: 200, agents: a.agents - 1 }, 30);
    expect(fewer.ofOffered).toBeLessThan(0.75);
  });

  it('rejects bad input', () => {
    const base = {
      agents: 3,
      arrivals: 10,
      intervalSeconds: 1800,
      ahtSeconds: 300,
      patienceSeconds: 200,
    };
    expect(() => erlangA({ ...base, agents: 2.5 })).toThrow(ErlangInputError);
    expect(() => erlangA({ ...base, patienceSeconds: 0 })).toThrow(/patienceSeconds/);
    expect(() => erlangA({ ...base, patienceSeconds: Infinity })).toThrow(/patienceSeconds/);
    expect(() => erlangA({ ...base, arrivals: -1 })).toThrow(/arrivals/);
    expect(() => erlangAServiceLevel(base, -1)).toThrow(/targetSeconds/);
  });
});

describe('Erlang A through a day', () => {
  it('an interval from an empty office agrees with the forward equations integrated by Runge-Kutta', () => {
    for (const [agents, arrivals, aht, patience, t] of [
      [4, 35, 300, 200, 30],
      [14, 40, 900, 4500, 900],
    ] as const) {
      const [first] = erlangADay([{ agents, arrivals, ahtSeconds: aht }], 1800, patience, t);
      const ref = transientReference(agents, arrivals / 1800, 1 / aht, 1 / patience, 1800, t);
      expect(first!.ofOffered).toBeCloseTo(ref.slOffered, 6);
      expect(first!.ofServed).toBeCloseTo(ref.slServed, 6);
    }
  });

  it('starts better than the stationary queue and settles on it when the load stays', () => {
    const interval = { agents: 6, arrivals: 35, ahtSeconds: 300 };
    const day = erlangADay(Array(30).fill(interval), 1800, 200, 30);
    const stationary = { ...interval, intervalSeconds: 1800, patienceSeconds: 200 };
    const sl = erlangAServiceLevel(stationary, 30);
    expect(day[0]!.ofOffered).toBeGreaterThan(sl.ofOffered + 0.05);
    expect(day[29]!.ofOffered).toBeCloseTo(sl.ofOffered, 9);
    expect(day[29]!.ofServed).toBeCloseTo(sl.ofServed, 9);
    expect(day[29]!.pWait).toBeCloseTo(erlangA(stationary).pWait, 9);
    expect(day[29]!.pAbandon).toBeCloseTo(erlangA(stationary).pAbandon, 9);
  });

  it('carries a backlog: after a busy half hour the next, quiet one still waits', () => {
    const quiet = { agents: 10, arrivals: 10, ahtSeconds: 900 };
    const [, afterRush] = erlangADay(
      [{ agents: 10, arrivals: 60, ahtSeconds: 900 }, quiet],
      1800,
      4500,
      900,
    );
    const [alone] = erlangADay([quiet], 1800, 4500, 900);
    expect(afterRush!.ofServed).toBeLessThan(alone!.ofServed - 0.2);
  });

  it('part of an agent lies between the whole numbers around it', () => {
    const day = (agents: number) =>
      erlangADay(Array(4).fill({ agents, arrivals: 40, ahtSeconds: 300 }), 1800, 200, 30);
    const [four, half, five] = [day(4), day(4.5), day(5)];
    for (let i = 0; i < 4; i++) {
      expect(half[i]!.ofOffered).toBeGreaterThan(four[i]!.ofOffered);
      expect(half[i]!.ofOffered).toBeLessThan(five[i]!.ofOffered);
      expect(half[i]!.pAbandon).toBeLessThan(four[i]!.pAbandon);
    }
  });
});
