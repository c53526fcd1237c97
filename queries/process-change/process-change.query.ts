/**
 * Controlling: did a process change (an annotation) change the handling time of its service?
 * Equal windows before and after the date, the difference of medians with a bootstrap
 * confidence interval, case counts on both sides, and a verdict in plain German.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { handlingSample } from '../handling-times/handling-times.query.ts';
import { kpiSettings } from '../targets.ts';
import { bootstrapMedianDifference, median, sortedSample } from '../../maths/bootstrap.ts';

export interface ProcessChangeParams {
  date: LocalDate;
  service: string;
  /** Days on each side; the change day itself counts to "after". */
  windowDays?: number;
  site?: string;
}

export type Verdict =
  'signifikant kürzer' | 'signifikant länger' | 'kein belastbarer Unterschied' | 'zu wenige Fälle';

export interface ProcessChangeResult {
  service: string;
  date: LocalDate;
  before: { from: LocalDate; to: LocalDate; cases: number; medianSeconds: number | null };
  after: { from: LocalDate; to: LocalDate; cases: number; medianSeconds: number | null };
  differenceSeconds: number | null;
  confidenceInterval: { lower: number; upper: number; level: number } | null;
  verdict: Verdict;
}

export async function processChange(
  wh: Warehouse,
  p: ProcessChangeParams,
): Promise<ProcessChangeResult> {
  const w = p.windowDays ?? 56;
  const before = { from: addDays(p.date, -w), to: addDays(p.date, -1) };
  const after = { from: p.date, to: addDays(p.date, w - 1) };
  // handlingSample is a plain SELECT without ORDER BY, so its row order is unspecified and
  // differs between engines; the bootstrap sorts its input, so no ORDER BY is needed here.
  const [b, a] = await Promise.all([
    handlingSample(wh, { ...before, service: p.service, site: p.site }),
    handlingSample(wh, { ...after, service: p.service, site: p.site }),
  ]);
  const side = (range: typeof before, values: number[]) => ({
    ...range,
    cases: values.length,
    medianSeconds: values.length ? median(sortedSample(values)) : null,
  });
  const result: ProcessChangeResult = {
    service: p.service,
    date: p.date,
    before: side(before, b),
    after: side(after, a),
    differenceSeconds: null,
    confidenceInterval: null,
    verdict: 'zu wenige Fälle',
  };
  if (b.length < kpiSettings().minGroup || a.length < kpiSettings().minGroup) return result;
  const ci = bootstrapMedianDifference(b, a);
  result.differenceSeconds = ci.difference;
  result.confidenceInterval = { lower: ci.lower, upper: ci.upper, level: ci.level };
  result.verdict =
    ci.upper < 0
      ? 'signifikant kürzer'
      : ci.lower > 0
        ? 'signifikant länger'
        : 'kein belastbarer Unterschied';
  return result;
}
