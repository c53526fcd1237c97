/**
 * The same work timed two ways in one run: over HTTP through the dashboard child (a page's
 * data or an API endpoint) and bare in this process (the function behind it), alternately,
 * so drift (caches, the other core) hits both sides alike; and the table of both.
 */
import { fmt, percentile, progress, seconds, timed } from './support.ts';

export interface PairedRunOptions {
  warmup: number;
  runs: number;
  /** Runs done before the budget may stop the measurement. */
  minRuns: number;
  budgetMs: number;
}

export interface PairedRun {
  label: string;
  httpP50: number;
  httpP95: number;
  bareP50: number;
  bareP95: number;
  runs: number;
  /** Size of the last HTTP response. */
  bytes: number;
  /** Set when the measurement failed: the benchmark goes on with the next one. */
  error?: string;
}

/**
 * Warm-up, then `request` (resolving to the bytes it received) and `bare` alternately, until
 * `runs` or, after `minRuns`, the budget. Without `bare` only the request is timed.
 */
export async function measurePair(
  label: string,
  request: () => Promise<number>,
  bare: (() => Promise<unknown>) | undefined,
  o: PairedRunOptions,
): Promise<PairedRun> {
  try {
    let bytes = 0;
    const http = async () => {
      bytes = await request();
    };
    const t0 = performance.now();
    for (let i = 0; i < o.warmup; i++) {
      await http();
      if (bare) await bare();
    }
    const httpMs: number[] = [];
    const bareMs: number[] = [];
    const started = performance.now();
    let reported = started;
    for (let i = 0; i < o.runs; i++) {
      httpMs.push(await timed(http));
      if (bare) bareMs.push(await timed(bare));
      if (httpMs.length >= o.minRuns && performance.now() - started > o.budgetMs) break;
      if (performance.now() - reported > 20_000) {
        reported = performance.now();
        progress(`${label}: ${httpMs.length}/${o.runs} runs, ${fmt(seconds(t0))} s`);
      }
    }
    httpMs.sort((a, b) => a - b);
    bareMs.sort((a, b) => a - b);
    const run: PairedRun = {
      label,
      httpP50: percentile(httpMs, 0.5),
      httpP95: percentile(httpMs, 0.95),
      bareP50: percentile(bareMs, 0.5),
      bareP95: percentile(bareMs, 0.95),
      runs: httpMs.length,
      bytes,
    };
    progress(
      `${label}: HTTP p50 ${fmt(run.httpP50, 1)} ms, bare p50 ${fmt(run.bareP50, 1)} ms (${run.runs} runs, ${fmt(seconds(t0), 1)} s)`,
    );
    return run;
  } catch (err) {
    const error = (err as Error).message.split('\n')[0]!.slice(0, 200);
    progress(`${label} FAILED: ${error}`);
    const nan = Number.NaN;
    return {
      label,
      httpP50: nan,
      httpP95: nan,
      bareP50: nan,
      bareP95: nan,
      runs: 0,
      bytes: 0,
      error,
    };
  }
}

/** Milliseconds with one decimal, a dash when there is no figure. */
export function ms(n: number): string {
  return Number.isFinite(n) ? fmt(n, 1) : '–';
}

export function pct(x: number): string {
  const v = Math.round(x * 100);
  return Number.isFinite(v) ? `${fmt(v === 0 ? 0 : v)} %` : '–';
}

/** What HTTP and SvelteKit add to the bare work, as a share of it (p50). */
export function overhead(r: PairedRun): number {
  return (r.httpP50 - r.bareP50) / r.bareP50;
}

/** The Markdown table of the runs; `names` are the column heads of the label and the two sides. */
export function printPairs(
  runs: readonly PairedRun[],
  names: { label: string; http: string; bare: string },
): void {
  console.log('');
  console.log(
    `| ${names.label} | ${names.http} p50 ms | ${names.http} p95 ms | ${names.bare} p50 ms | ${names.bare} p95 ms | overhead (p50) | runs | response |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    if (r.error) {
      console.log(`| ${r.label} | failed: ${r.error.replaceAll('|', '/')} | | | | | | |`);
      continue;
    }
    console.log(
      `| ${r.label} | ${ms(r.httpP50)} | ${ms(r.httpP95)} | ${ms(r.bareP50)} | ${ms(r.bareP95)} | ${pct(overhead(r))} | ${r.runs} | ${fmt(r.bytes / 1024, 1)} KiB |`,
    );
  }
}
