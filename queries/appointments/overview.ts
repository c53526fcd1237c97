/**
 * What the Prognose page shows of appointments, up to a day: lead times per service in the
 * newest complete week with appointments (of twelve), booked against offered slots and failed searches
 * per day over four weeks, lost desk hours per week and the overbooking over twelve weeks.
 */
import { addDays, type LocalDate } from '../../calendar/local-date.ts';
import { loadServiceCatalog } from '../../domain/catalog/service-catalog.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { capacity } from './capacity.query.ts';
import { leadTimes } from './lead-time.query.ts';
import { noShows } from './no-shows.query.ts';

/** Slot counts of a half hour the overbooking table is shown for. */
export const OVERBOOKING_SLOTS = [5, 10, 20, 30, 40] as const;

export async function appointmentsOverview(
  wh: Warehouse,
  p: { until: LocalDate; site?: string; risk?: number },
) {
  const twelveWeeks = { from: addDays(p.until, -83), to: p.until, site: p.site };
  const fourWeeks = { from: addDays(p.until, -27), to: p.until, site: p.site };
  const [lead, cap, missed] = await Promise.all([
    leadTimes(wh, twelveWeeks),
    capacity(wh, fourWeeks),
    noShows(wh, {
      ...twelveWeeks,
      risk: p.risk ?? 0.05,
      maxSlots: OVERBOOKING_SLOTS[OVERBOOKING_SLOTS.length - 1],
    }),
  ]);
  // The newest complete week (Monday to Sunday up to `until`), else the one under way.
  const weeks = [...new Set(lead.map((r) => r.week))];
  const lastWeek = weeks.filter((w) => addDays(w, 6) <= p.until).at(-1) ?? weeks.at(-1);
  const names = new Map(loadServiceCatalog().services.map((s) => [s.code, s.name]));
  return {
    from: twelveWeeks.from,
    to: p.until,
    leadWeek: lastWeek ?? null,
    leadTimes: lead
      .filter((r) => r.week === lastWeek)
      .map((r) => ({ ...r, name: names.get(r.service) ?? r.service })),
    days: cap.days,
    noShowWeeks: missed.weeks,
    noShowRate: missed.noShowRate,
    risk: missed.risk,
    overbooking: missed.overbooking.filter((o) =>
      (OVERBOOKING_SLOTS as readonly number[]).includes(o.slots),
    ),
  };
}

export type AppointmentsOverview = Awaited<ReturnType<typeof appointmentsOverview>>;
