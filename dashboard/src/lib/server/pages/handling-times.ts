/**
 * Bearbeitungszeiten: handling and waiting times per service and team, one service's
 * distribution and weekly trend, and the verdict on a process change (an annotation with a
 * service; the newest unless one is chosen).
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import type { LocalDate } from '../../../../../calendar/local-date.ts';
import { loadServiceCatalog } from '../../../../../domain/catalog/service-catalog.ts';
import type { Team } from '../../../../../domain/contract/common.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { annotations } from '../../../../../queries/annotations/annotations.query.ts';
import {
  handlingHistogram,
  handlingTimes,
  handlingTrend,
} from '../../../../../queries/handling-times/handling-times.query.ts';
import { processChange } from '../../../../../queries/process-change/process-change.query.ts';
import { memoize } from '../memo.ts';
import type { Period } from '../period.ts';

/** The service the charts show when none is chosen. */
export const DEFAULT_SERVICE = 'PA-ANTRAG';

/** The verdict on a past change moves only when late data arrives: ten minutes of memory. */
const cachedProcessChange = memoize(
  ({ wh, ...change }: { wh: Warehouse; date: LocalDate; service: string; site?: string }) =>
    processChange(wh, change),
  (p) => `${p.wh.url}|${p.wh.database}|${p.date}|${p.service}|${p.site ?? ''}`,
  10 * 60_000,
);

export interface HandlingTimesPageParams {
  period: Period;
  team: Team | undefined;
  /** A service code of the catalog. */
  service: string;
  /** The annotation whose change is judged; the newest with a service when not given. */
  changeId: string | undefined;
}

export async function handlingTimesData(wh: Warehouse, p: HandlingTimesPageParams) {
  const { period, team, service } = p;
  const scope = { from: period.from, to: period.to, site: period.site, team };
  const notes = (await annotations(wh)).filter((a) => a.service);
  const noteId = p.changeId ?? notes[0]?.id;
  const note = notes.find((a) => a.id === noteId);
  const [rows, histogram, trend, change] = await Promise.all([
    handlingTimes(wh, scope),
    handlingHistogram(wh, { ...scope, service }),
    handlingTrend(wh, { ...scope, service, grain: 'week' }),
    note
      ? cachedProcessChange({ wh, date: note.date, service: note.service, site: period.site })
      : Promise.resolve(null),
  ]);
  return {
    period,
    team: team ?? '',
    service,
    services: loadServiceCatalog().services.map((s) => ({ code: s.code, name: s.name })),
    rows,
    histogram,
    trend,
    notes,
    note: note ?? null,
    change,
  };
}
