/**
 * Erlang C: the fewest agents that meet a service-level target for a given load, with the
 * achieved service level, average speed of answer and occupancy. Numerically stable for
 * thousands of agents: Erlang B by its recursion (never factorials), Erlang C from B.
 */
export interface ErlangInput {
  /** Contacts arriving in the interval. */
  calls: number;
  intervalSeconds: number;
  /** Average handling time in seconds. */
  ahtSeconds: number;
  /** Share to be answered within targetSeconds, 0 < x < 1. */
  targetServiceLevel: number;
  targetSeconds: number;
  /** Share of paid time not available for contacts (breaks, training, sickness), 0 ≤ x < 1. */
  shrinkage?: number;
}

export interface ErlangResult {
  agents: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
  staffWithShrinkage: number;
  /** Offered traffic in Erlangs. */
  trafficErlangs: number;
}

export class ErlangInputError extends Error {}

/** Erlang B blocking probability for `agents` servers and traffic `a`, by recursion. */
export function erlangB(agents: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Probability that a contact has to wait (Erlang C), for agents > traffic. */
export function erlangC(agents: number, a: number): number {
  if (agents <= a) return 1;
  const b = erlangB(agents, a);
  return (agents * b) / (agents - a * (1 - b));
}

export function serviceLevelOf(
  agents: number,
  a: number,
  ahtSeconds: number,
  targetSeconds: number,
): number {
  if (agents <= a) return 0;
  return 1 - erlangC(agents, a) * Math.exp((-(agents - a) * targetSeconds) / ahtSeconds);
}

export function asaOf(agents: number, a: number, ahtSeconds: number): number {
  if (agents <= a) return Number.POSITIVE_INFINITY;
  return (erlangC(agents, a) * ahtSeconds) / (agents - a);
}

function check(input: ErlangInput): void {
  const positive: [string, number][] = [
    ['calls', input.calls],
    ['intervalSeconds', input.intervalSeconds],
    ['ahtSeconds', input.ahtSeconds],
  ];
  for (const [name, v] of positive)
    if (!Number.isFinite(v) || v <= 0)
      throw new ErlangInputError(`${name} must be a number > 0 (got ${v})`);
  if (!(input.targetServiceLevel > 0 && input.targetServiceLevel < 1))
    throw new ErlangInputError(
      `targetServiceLevel must lie between 0 and 1 (got ${input.targetServiceLevel})`,
    );
  if (!(input.targetSeconds >= 0) || !Number.isFinite(input.targetSeconds))
    throw new ErlangInputError(`targetSeconds must be ≥ 0 (got ${input.targetSeconds})`);
  const s = input.shrinkage ?? 0;
  if (!(s >= 0 && s < 1)) throw new ErlangInputError(`shrinkage must lie in [0, 1) (got ${s})`);
}

/** The fewest agents reaching the target; throws when no staffing could (target 1 or absurd load). */
export function erlangStaffing(input: ErlangInput): ErlangResult {
  check(input);
  const a = (input.calls * input.ahtSeconds) / input.intervalSeconds;
  const limit = Math.ceil(a) + 100_000;
  let agents = Math.max(1, Math.floor(a) + 1);
  while (
    serviceLevelOf(agents, a, input.ahtSeconds, input.targetSeconds) < input.targetServiceLevel
  ) {
    agents++;
    if (agents > limit)
      throw new ErlangInputError('target service level unreachable with any number of agents');
  }
  return {
    agents,
    serviceLevel: serviceLevelOf(agents, a, input.ahtSeconds, input.targetSeconds),
    asaSeconds: asaOf(agents, a, input.ahtSeconds),
    occupancy: a / agents,
    staffWithShrinkage: Math.ceil(agents / (1 - (input.shrinkage ?? 0)) - 1e-9),
    trafficErlangs: a,
  };
}
