/**
 * Overbooking against no-shows: with n slots in a half hour and a no-show rate p, booking
 * n + k customers makes the number who show X ~ Binomial(n + k, 1 − p); the half hour
 * overflows when X > n. The largest k whose overflow probability stays within a risk.
 */

/** P(X > m) for X ~ Binomial(trials, q), summed from the top in logs (no under- or overflow). */
export function binomialUpperTail(trials: number, q: number, m: number): number {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials: ${trials}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q: ${q}`);
  if (m >= trials) return 0;
  if (m < 0) return 1;
  if (q === 0) return 0;
  if (q === 1) return 1;
  // log P(X = trials) = trials·log q; P(X = j − 1) = P(X = j) · j / (trials − j + 1) · (1 − q) / q.
  const step = Math.log1p(-q) - Math.log(q);
  let logPmf = trials * Math.log(q);
  let sum = Math.exp(logPmf);
  for (let j = trials; j > m + 1; j--) {
    logPmf += Math.log(j / (trials - j + 1)) + step;
    sum += Math.exp(logPmf);
  }
  return Math.min(1, sum);
}

export interface Overbooking {
  /** Extra bookings beyond the slots. */
  extra: number;
  /** P(more show than there are slots) with those extra bookings. */
  overflowRisk: number;
}

/**
 * The largest k with P(Binomial(n + k, 1 − p) > n) ≤ risk. The probability grows with k, so
 * the search stops at the first k that exceeds the risk; `maxExtra` bounds it where nearly
 * nobody shows (p close to 1).
 */
export function maxOverbooking(
  slots: number,
  noShowRate: number,
  risk: number,
  maxExtra = Math.max(10, slots * 10),
): Overbooking {
  if (!Number.isInteger(slots) || slots < 0) throw new RangeError(`slots: ${slots}`);
  if (!(noShowRate >= 0 && noShowRate <= 1)) throw new RangeError(`noShowRate: ${noShowRate}`);
  if (!(risk >= 0 && risk < 1)) throw new RangeError(`risk: ${risk}`);
  const show = 1 - noShowRate;
  let best: Overbooking = { extra: 0, overflowRisk: 0 };
  for (let k = 1; k <= maxExtra; k++) {
    const overflowRisk = binomialUpperTail(slots + k, show, slots);
    if (overflowRisk > risk) break;
    best = { extra: k, overflowRisk };
  }
  return best;
}
