import { eachDay } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import { recomputeTouched, ROLLUP_SOURCES } from './recompute.ts';

/** Recomputes the rollups of every day in the range (default: all days holding events). */
export async function rebuildRollups(
  wh: Warehouse,
  range: { from?: string; to?: string },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const [bounds] = await wh.query<{ first: string; last: string; n: number }>(sql`
    SELECT toString(min(d)) AS first, toString(max(d)) AS last, count() AS n FROM (
      SELECT min(day) AS d FROM visits UNION ALL SELECT max(day) AS d FROM visits
      UNION ALL SELECT min(day) AS d FROM calls UNION ALL SELECT max(day) AS d FROM calls
      UNION ALL SELECT min(day) AS d FROM emails UNION ALL SELECT max(day) AS d FROM emails) WHERE d > toDate('1970-01-01')`);
  if (!bounds || Number(bounds.n) === 0) return 0;
  const days = [...eachDay(range.from ?? bounds.first, range.to ?? bounds.last)];
  for (let i = 0; i < days.length; i += 60) {
    const chunk = days.slice(i, i + 60);
    await recomputeTouched(wh, Object.fromEntries(ROLLUP_SOURCES.map((s) => [s, chunk])));
    onProgress(Math.min(i + 60, days.length), days.length);
  }
  return days.length;
}

/**
 * True when events exist but a rollup table is empty (data loaded before that rollup was
 * added by a migration): the caller rebuilds.
 */
export async function rollupsMissing(wh: Warehouse): Promise<boolean> {
  const [r] = await wh.query<Record<string, number>>(sql`
    SELECT (SELECT count() FROM visits) AS v, (SELECT count() FROM calls) AS c, (SELECT count() FROM emails) AS e,
      (SELECT count() FROM visits_daily) AS vd, (SELECT count() FROM calls_daily) AS cd, (SELECT count() FROM emails_daily) AS ed,
      (SELECT count() FROM emails_closed_daily) AS ecd`);
  const n = (k: string) => Number(r?.[k] ?? 0);
  return (
    (n('v') > 0 && n('vd') === 0) ||
    (n('c') > 0 && n('cd') === 0) ||
    (n('e') > 0 && (n('ed') === 0 || n('ecd') === 0))
  );
}
