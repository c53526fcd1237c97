/** Small helpers of every benchmark: German number format, elapsed time, progress, percentiles. */

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('de-DE', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function seconds(fromMs: number): number {
  return (performance.now() - fromMs) / 1000;
}

/** Progress goes to stderr, so stdout holds only the report. */
export const progress = (msg: string) => process.stderr.write(`  … ${msg}\n`);

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
