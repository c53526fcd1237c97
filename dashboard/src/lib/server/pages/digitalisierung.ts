/**
 * Digitalisierung: per service with an online channel the online share per month over the
 * 24 months up to the period's end, the month its online service started, and the verdict on
 * what the start did to the counter: visits per opening day and handling time, each judged
 * like a process change (equal windows before and after the start).
 */
// Relative, not aliases: the benchmarks call the page data functions outside SvelteKit.
import { addDays, type LocalDate } from '../../../../../calendar/local-date.ts';
import { loadServiceCatalog } from '../../../../../domain/catalog/service-catalog.ts';
import type { Warehouse } from '../../../../../warehouse/client.ts';
import { annotations } from '../../../../../queries/annotations/annotations.query.ts';
import {
  counterVisitsChange,
  onlineServiceStarts,
} from '../../../../../queries/online/online-effect.query.ts';
import { onlineShare } from '../../../../../queries/online/online-share.query.ts';
import { processChange } from '../../../../../queries/process-change/process-change.query.ts';
import { memoize } from '../memo.ts';
import type { Period } from '../period.ts';

const MONTHS_SHOWN = 24;

/** A past start's verdicts move only when late data arrives: ten minutes of memory. */
const cachedEffect = memoize(
  async ({ wh, ...p }: { wh: Warehouse; date: LocalDate; service: string; site?: string }) => {
    const [visits, handling] = await Promise.all([
      counterVisitsChange(wh, p),
      processChange(wh, p),
    ]);
    return { visits, handling };
  },
  (p) => `${p.wh.url}|${p.wh.database}|${p.date}|${p.service}|${p.site ?? ''}`,
  10 * 60_000,
);

function monthsBefore(to: LocalDate, n: number): LocalDate {
  const m = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - 1 - n;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

export async function digitalisierungData(wh: Warehouse, p: { period: Period }) {
  const { period } = p;
  const range = { from: monthsBefore(period.to, MONTHS_SHOWN - 1), to: period.to };
  const [share, starts, notes] = await Promise.all([
    onlineShare(wh, { ...range, site: period.site }),
    onlineServiceStarts(wh, { to: period.to, site: period.site }),
    annotations(wh),
  ]);
  const names = new Map(loadServiceCatalog().services.map((s) => [s.code, s.name]));
  const services = await Promise.all(
    starts.map(async (start) => {
      // An annotation of the service shortly before its first transaction dates the start
      // (a service opened on a day nobody used it); otherwise the first transaction does.
      const note = notes.find(
        (n) =>
          n.service === start.service &&
          n.date <= start.day &&
          n.date >= addDays(start.day, -31) &&
          (n.site === '' || n.site === period.site),
      );
      const date = note?.date ?? start.day;
      const effect = await cachedEffect({ wh, date, service: start.service, site: period.site });
      return {
        code: start.service,
        name: names.get(start.service) ?? start.service,
        start: date,
        startMonth: `${date.slice(0, 7)}-01`,
        note: note?.title ?? null,
        months: share.rows.filter((r) => r.service === start.service),
        ...effect,
      };
    }),
  );
  return { period, range, services };
}
