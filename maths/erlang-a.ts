/**
 * Erlang A (Palm's M/M/n+M; Garnett, Mandelbaum and Reiman 2002): Poisson arrivals, n agents
 * with exponential handling times, and callers who hang up (walk-ins who leave) after an
 * exponential patience while they wait. Unlike Erlang C it stays finite when the load
 * exceeds the agents, and it counts the contacts lost to abandonment.
 *
 * With a = λ/μ, b = nμ/θ, x = λ/θ (θ = 1/patience), the queue part of the stationary
 * distribution is π(n+j) = π(n)·t_j with t_j = x^j / ((b+1)…(b+j)); its sum
 * A(b, x) = Σ t_j, together with Erlang B, gives every measure. An arrival that finds j
 * waiting reaches an agent after Σ_{i=0..j} Exp(nμ + iθ) unless its own patience runs out
 * first; the queue seen by an arrival keeps the shape of π while it drains, which yields
 * P(served, wait > t) = π(n)·(b/x)·exp(−nμt + x(1 − e^{−θt}))·(A(b, x e^{−θt}) − 1).
 *
 * The sums run in a scaled form (no factorials, no overflow); their cost grows with the
 * excess load times patience, a few hundred terms for a few hundred agents.
 *
 * `erlangADay` drops the stationarity: interval by interval, the queue carried over.
 */
import { erlangB, ErlangInputError } from './erlang-c.ts';

export interface ErlangAInput {
  /** Agents on duty (a whole number ≥ 0). */
  agents: number;
  /** Contacts arriving in the interval (≥ 0). */
  arrivals: number;
  intervalSeconds: number;
  /** Mean handling time in seconds. */
  ahtSeconds: number;
  /** Mean patience in seconds: how long a contact waits at most before it gives up. */
  patienceSeconds: number;
}

export interface ErlangAResult {
  /** Probability that an arrival finds every agent busy. */
  pWait: number;
  /** Share of arrivals that give up before an agent takes them. */
  pAbandon: number;
  /** Mean time in the queue over all arrivals, served and abandoned. */
  meanWaitSeconds: number;
  /** Mean wait of the served (zero waits included); NaN when nobody is served (no agents). */
  asaSeconds: number;
  /** Share of the agents' time spent on contacts. */
  occupancy: number;
  /** Offered traffic in Erlangs. */
  trafficErlangs: number;
}

/**
 * Service level within `targetSeconds`, two ways. `ofOffered`: answered within the time /
 * all arrivals; an arrival who gives up, before or after the time, counts as not served
 * within it (the 115 definition). `ofServed`: waited at most the time / served (the
 * counters' "waited ≤ 15 min" of completed visits); NaN when nobody is served.
 */
export interface ServiceLevel {
  ofOffered: number;
  ofServed: number;
}

interface Rates {
  n: number;
  lambda: number;
  mu: number;
  theta: number;
}

/** log of the scaled sums Σ t_j, Σ_{j≥1} t_j, Σ j·t_j and Σ t_j·P_j·H_j of the queue part. */
interface QueueSums {
  lnA: number;
  lnA1: number;
  lnM1: number;
  /** Σ t_j · P(served | j ahead) · θ·E[wait | j ahead, served] (unit: 1/θ). */
  lnServedWait: number;
}

const EPS = 1e-17;
const RESCALE = 1e200;
const LN_RESCALE = Math.log(RESCALE);
const MAX_TERMS = 50_000_000;

/**
 * The series A(b, x) = Σ_{j≥0} x^j / ((b+1)…(b+j)) and its companions, summed upward with
 * a running scale; the ratio x/(b+j) falls with j, so once it is below 1 the tail is bounded
 * by a geometric series and the sum stops when the tail is negligible for every sum.
 */
function queueSums(b: number, x: number): QueueSums {
  let scale = 0;
  let first = 1;
  let term = 1;
  let s0m = 0;
  let s1 = 0;
  let h = 1 / (b + 1);
  let sh = (b / (b + 1)) * h;
  for (let j = 1; ; j++) {
    if (j > MAX_TERMS) throw new ErlangInputError('Erlang A: load × patience too large to sum');
    const ratio = x / (b + j);
    term *= ratio;
    h += 1 / (b + j + 1);
    s0m += term;
    s1 += j * term;
    sh += term * (b / (b + j + 1)) * h;
    if (term > RESCALE) {
      term /= RESCALE;
      first /= RESCALE;
      s0m /= RESCALE;
      s1 /= RESCALE;
      sh /= RESCALE;
      scale += LN_RESCALE;
    }
    const r = x / (b + j + 1);
    if (r < 1) {
      const tail0 = (term * r) / (1 - r);
      const tail1 = term * ((j * r) / (1 - r) + r / (1 - r) ** 2);
      const tailH = (tail0 + tail1) / (b + 1);
      if (tail0 <= EPS * s0m && tail1 <= EPS * s1 && (b === 0 || tailH <= EPS * sh)) break;
    }
  }
  return {
    lnA: scale + Math.log(first + s0m),
    lnA1: scale + Math.log(s0m),
    lnM1: scale + Math.log(s1),
    lnServedWait: scale + Math.log(sh),
  };
}

function check(input: ErlangAInput): void {
  if (!Number.isInteger(input.agents) || input.agents < 0)
    throw new ErlangInputError(`agents must be a whole number ≥ 0 (got ${input.agents})`);
  if (!Number.isFinite(input.arrivals) || input.arrivals < 0)
    throw new ErlangInputError(`arrivals must be a number ≥ 0 (got ${input.arrivals})`);
  const positive: [string, number][] = [
    ['intervalSeconds', input.intervalSeconds],
    ['ahtSeconds', input.ahtSeconds],
    ['patienceSeconds', input.patienceSeconds],
  ];
  for (const [name, v] of positive)
    if (!Number.isFinite(v) || v <= 0)
      throw new ErlangInputError(`${name} must be a finite number > 0 (got ${v})`);
}

function ratesOf(input: ErlangAInput): Rates {
  check(input);
  return {
    n: input.agents,
    lambda: input.arrivals / input.intervalSeconds,
    mu: 1 / input.ahtSeconds,
    theta: 1 / input.patienceSeconds,
  };
}

/** log(e^p + e^q) without overflow. */
function logSum(p: number, q: number): number {
  const m = Math.max(p, q);
  if (!Number.isFinite(m)) return m;
  return m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/** log π(n) and the queue sums of the chain. */
function stationary({ n, lambda, mu, theta }: Rates) {
  const b = (n * mu) / theta;
  const x = lambda / theta;
  const B = erlangB(n, lambda / mu);
  const sums = queueSums(b, x);
  // π(n) = 1 / (1/B − 1 + A): the states below n add up to π(n)·(1/B − 1).
  const lnBelow = Math.log1p(-B) - Math.log(B);
  return { b, x, lnPin: -logSum(lnBelow, sums.lnA), sums };
}

export function erlangA(input: ErlangAInput): ErlangAResult {
  const rates = ratesOf(input);
  const a = rates.lambda / rates.mu;
  if (rates.lambda === 0)
    return {
      pWait: 0,
      pAbandon: 0,
      meanWaitSeconds: 0,
      asaSeconds: 0,
      occupancy: 0,
      trafficErlangs: 0,
    };
  const { x, lnPin, sums } = stationary(rates);
  const pWait = Math.exp(lnPin + sums.lnA);
  // Abandonment rate θ·E[queue] over the arrival rate λ, i.e. E[queue]/x.
  const pAbandon = Math.min(1, Math.exp(lnPin + sums.lnM1 - Math.log(x)));
  const servedWait = Math.exp(lnPin + sums.lnServedWait) / rates.theta;
  return {
    pWait,
    pAbandon,
    meanWaitSeconds: pAbandon / rates.theta,
    asaSeconds: rates.n === 0 ? Number.NaN : servedWait / (1 - pAbandon),
    occupancy: rates.n === 0 ? 0 : Math.min(1, (a * (1 - pAbandon)) / rates.n),
    trafficErlangs: a,
  };
}

export function erlangAServiceLevel(input: ErlangAInput, targetSeconds: number): ServiceLevel {
  if (!Number.isFinite(targetSeconds) || targetSeconds < 0)
    throw new ErlangInputError(`targetSeconds must be ≥ 0 (got ${targetSeconds})`);
  const rates = ratesOf(input);
  if (rates.lambda === 0) return { ofOffered: 1, ofServed: 1 };
  if (rates.n === 0) return { ofOffered: 0, ofServed: Number.NaN };
  const { b, x, lnPin, sums } = stationary(rates);
  const pServed = 1 - Math.exp(lnPin + sums.lnM1 - Math.log(x));
  const decay = Math.exp(-rates.theta * targetSeconds);
  const lnLate =
    lnPin +
    Math.log(b / x) -
    rates.n * rates.mu * targetSeconds -
    x * Math.expm1(-rates.theta * targetSeconds) +
    queueSums(b, x * decay).lnA1;
  const ofOffered = Math.max(0, pServed - Math.exp(lnLate));
  return { ofOffered, ofServed: ofOffered / pServed };
}

export interface ErlangAStaffingInput extends Omit<ErlangAInput, 'agents'> {
  /** Share to be served within targetSeconds, 0 < x < 1. */
  targetServiceLevel: number;
  targetSeconds: number;
  /** Which service level the target means (see ServiceLevel). */
  basis: keyof ServiceLevel;
}

export interface ErlangAStaffing extends ErlangAResult {
  agents: number;
  serviceLevel: number;
}

/**
 * The fewest agents whose service level reaches the target, counted up (no monotony
 * assumed). Of the offered, n agents serve at most n/a of them, so the count starts at
 * target·a; of the served it starts at none. With abandonment every target below 1 is
 * reachable: enough agents leave nobody waiting.
 */
export function erlangAStaffing(input: ErlangAStaffingInput): ErlangAStaffing {
  if (!(input.targetServiceLevel > 0 && input.targetServiceLevel < 1))
    throw new ErlangInputError(
      `targetServiceLevel must lie between 0 and 1 (got ${input.targetServiceLevel})`,
    );
  const a = (input.arrivals * input.ahtSeconds) / input.intervalSeconds;
  const first = input.basis === 'ofOffered' ? Math.floor(input.targetServiceLevel * a) : 0;
  for (let agents = first; agents <= Math.ceil(a) + 100_000; agents++) {
    const at = { ...input, agents };
    const sl = erlangAServiceLevel(at, input.targetSeconds)[input.basis];
    if (sl >= input.targetServiceLevel) return { ...erlangA(at), agents, serviceLevel: sl };
  }
  throw new ErlangInputError('target service level unreachable with any number of agents');
}

/** One interval of a day: its arrivals, the agents on duty (or part of one) and their handling time. */
export interface DayInterval {
  arrivals: number;
  agents: number;
  ahtSeconds: number;
}

export interface IntervalOutcome extends ServiceLevel {
  pWait: number;
  pAbandon: number;
}

/** Uniformization steps stay short enough that e^{−Λh} never underflows. */
const MAX_RATE_STEP = 20;

/** Poisson(mean) probabilities until the tail is negligible, in logs (no underflow at 0). */
function poissonWeights(mean: number): number[] {
  const out: number[] = [];
  let lp = -mean;
  const ln = Math.log(mean);
  for (let k = 0; ; k++) {
    if (k > 0) lp += ln - Math.log(k);
    const p = Math.exp(lp);
    out.push(p);
    // Past the mode the terms fall faster than a geometric series of ratio mean/(k+1).
    if (k + 1 > mean && (p * (k + 1)) / (k + 1 - mean) < 1e-16) return out;
  }
}

/**
 * P(served within t | j waiting ahead) for every j ≤ J, and P(served | j): the queue ahead
 * moves up at nμ + jθ, the contact itself gives up at θ (uniformized killed death chain).
 */
function servedWithin(n: number, mu: number, theta: number, J: number, t: number) {
  const c = n * mu;
  const eventually = Array.from({ length: J + 1 }, (_, j) =>
    c === 0 ? 0 : c / (c + (j + 1) * theta),
  );
  const within = new Float64Array(J + 1);
  if (c === 0 || t === 0) return { within, eventually };
  const rate = c + (J + 1) * theta;
  let u = new Float64Array(J + 1);
  let next = new Float64Array(J + 1);
  const weights = poissonWeights(rate * t);
  for (let m = 0; m < weights.length; m++) {
    if (m > 0) {
      for (let j = 0; j <= J; j++)
        next[j] =
          u[j]! * (1 - (c + (j + 1) * theta) / rate) +
          (j === 0 ? 1 : u[j - 1]!) * ((c + j * theta) / rate);
      [u, next] = [next, u];
    }
    for (let j = 0; j <= J; j++) within[j]! += weights[m]! * u[j]!;
  }
  return { within, eventually };
}

/** The highest state holding more than a negligible share of the probability. */
function support(p: Float64Array): number {
  let top = p.length - 1;
  while (top > 0 && p[top]! < 1e-16) top--;
  return top;
}

/**
 * The state distribution over one interval by uniformization, from `p` at its start:
 * returns the distribution at its end and the time-average over it. Within a step, the time
 * spent after m jumps is P(N > m)/Λ of the step's length.
 */
function evolve(p: Float64Array, up: Float64Array, down: Float64Array, seconds: number) {
  const K = p.length - 1;
  const rate = up[0]! + down[K]!;
  const steps = Math.max(1, Math.ceil((rate * seconds) / MAX_RATE_STEP));
  const stepMean = (rate * seconds) / steps;
  const weights = poissonWeights(stepMean);
  const mean = new Float64Array(K + 1);
  let start = p;
  let v = new Float64Array(K + 1);
  let next = new Float64Array(K + 1);
  for (let s = 0; s < steps; s++) {
    v.set(start);
    const end = new Float64Array(K + 1);
    let tail = 1;
    for (let m = 0; m < weights.length; m++) {
      const w = weights[m]!;
      if (m > 0) {
        next.fill(0);
        for (let k = 0; k <= K; k++) {
          const x = v[k]!;
          if (x === 0) continue;
          next[k]! += x * (1 - (up[k]! + down[k]!) / rate);
          if (k < K) next[k + 1]! += (x * up[k]!) / rate;
          if (k > 0) next[k - 1]! += (x * down[k]!) / rate;
        }
        [v, next] = [next, v];
      }
      tail -= w;
      const stay = Math.max(0, tail) / stepMean / steps;
      for (let k = 0; k <= K; k++) {
        end[k]! += w * v[k]!;
        mean[k]! += stay * v[k]!;
      }
    }
    start = end;
  }
  return { end: start, mean };
}

/** What arrivals who see the time-average state `mean` get from `n` whole agents. */
function arrivalOutcome(
  mean: Float64Array,
  n: number,
  mu: number,
  theta: number,
  targetSeconds: number,
): IntervalOutcome {
  const top = support(mean);
  const { within, eventually } = servedWithin(n, mu, theta, Math.max(0, top - n), targetSeconds);
  let noWait = 0;
  let inTime = 0;
  let served = 0;
  let waiting = 0;
  for (let k = 0; k <= top; k++) {
    if (k < n) noWait += mean[k]!;
    else {
      waiting += mean[k]!;
      inTime += mean[k]! * within[k - n]!;
      served += mean[k]! * eventually[k - n]!;
    }
  }
  const total = noWait + waiting;
  return {
    pWait: waiting / total,
    pAbandon: (waiting - served) / total,
    ofOffered: (noWait + inTime) / total,
    ofServed: noWait + served > 0 ? (noWait + inTime) / (noWait + served) : Number.NaN,
  };
}

/** The distribution of the number in the system; a day starts empty. */
export type QueueState = Float64Array;

export function emptyQueue(): QueueState {
  return new Float64Array([1]);
}

/**
 * One interval of Erlang A through a day, from the queue `state` at its start: the outcome
 * for its arrivals and the state at its end. The number in the system follows the
 * birth-death chain's forward equations, solved by uniformization on the states the
 * interval can reach (those held at its start plus far more arrivals than it could bring);
 * arrivals see the interval's time-average state (Poisson arrivals see time averages) and
 * keep the interval's agents while they wait. Part of an agent (a block covering part of
 * the interval, desks left over by appointments) serves at that part of the rate; what
 * arrivals get is interpolated between the whole numbers around it.
 */
export function erlangAStep(
  state: QueueState,
  interval: DayInterval,
  intervalSeconds: number,
  patienceSeconds: number,
  targetSeconds: number,
): { outcome: IntervalOutcome; state: QueueState } {
  const n = interval.agents;
  if (!Number.isFinite(n) || n < 0)
    throw new ErlangInputError(`agents must be a number ≥ 0 (got ${n})`);
  check({ ...interval, agents: 0, intervalSeconds, patienceSeconds });
  const theta = 1 / patienceSeconds;
  const lambda = interval.arrivals / intervalSeconds;
  const mu = 1 / interval.ahtSeconds;
  // The queue is at most what it held plus an M/M/∞ queue of the newcomers (rate θ each).
  const newcomers = Math.min(interval.arrivals, lambda / theta);
  const K =
    Math.max(Math.ceil(n), support(state)) + Math.ceil(newcomers + 8 * Math.sqrt(newcomers) + 20);
  const up = new Float64Array(K + 1);
  const down = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    up[k] = k < K ? lambda : 0;
    down[k] = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
  }
  const start = new Float64Array(K + 1);
  start.set(state.subarray(0, Math.min(state.length, K + 1)));
  const { end, mean } = evolve(start, up, down, intervalSeconds);
  const low = Math.floor(n);
  const share = n - low;
  const below = arrivalOutcome(mean, low, mu, theta, targetSeconds);
  if (share < 1e-9) return { outcome: below, state: end };
  const above = arrivalOutcome(mean, low + 1, mu, theta, targetSeconds);
  const mix = (key: keyof IntervalOutcome) =>
    low === 0 && key === 'ofServed' ? above[key] : (1 - share) * below[key] + share * above[key];
  return {
    outcome: {
      pWait: mix('pWait'),
      pAbandon: mix('pAbandon'),
      ofOffered: mix('ofOffered'),
      ofServed: mix('ofServed'),
    },
    state: end,
  };
}

/**
 * Erlang A through a day: the same queue, but interval by interval with the queue carried
 * over (the day starts empty at opening), as the stationary formulas cannot when handling
 * times are long against the interval or the load swings (see `erlangAStep`).
 */
export function erlangADay(
  intervals: readonly DayInterval[],
  intervalSeconds: number,
  patienceSeconds: number,
  targetSeconds: number,
): IntervalOutcome[] {
  let state = emptyQueue();
  return intervals.map((i) => {
    const step = erlangAStep(state, i, intervalSeconds, patienceSeconds, targetSeconds);
    state = step.state;
    return step.outcome;
  });
}
