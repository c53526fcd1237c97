import { eachDay } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { ident, Sql, sql } from '../../warehouse/literal.ts';
import { recomputeTouched, ROLLUP_SOURCES, rollupTablesOf } from './recompute.ts';

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
  const pairs = ROLLUP_SOURCES.flatMap((source) => rollupTablesOf(source).map((t) => [source, t]));
  const [r] = await wh.query<Record<string, number>>(sql`SELECT
    ${Sql.trusted(ROLLUP_SOURCES.map((s) => `(SELECT count() FROM ${ident(s)}) AS e_${s}`).join(', '))},
    ${Sql.trusted(pairs.map(([, t], i) => `(SELECT count() FROM ${ident(t!)}) AS r_${i}`).join(', '))}`);
  const n = (k: string) => Number(r?.[k] ?? 0);
  return pairs.some(([source], i) => n(`e_${source!}`) > 0 && n(`r_${i}`) === 0);
}
