/**
 * The demo appointment system's slot plan and failed booking searches, derived from a
 * generated day so that they agree with its appointments (demo/visits.ts spreads each team's
 * bookings over the half hours by the advisors on duty, so they fill the day evenly).
 *
 * - Plan: per site and half hour of the counters' roster, SLOTS_PER_DESK slots per counter
 *   advisor on duty (reception takes no bookings), and never fewer than were booked — the
 *   system only books what it offers. On a normal day the bookings fill about 75–90 % of it;
 *   in the passport rush before the summer holidays the plan is full.
 * - Failed searches: the fuller the day's plan, the more searches find nothing — none up to
 *   FULL_FROM of the plan booked, then rising to FAILED_WHEN_FULL per booking when it is full,
 *   per service in proportion to its bookings (main service of each booking).
 *
 * The demo's lead times do not vary with the season (visits.ts draws them from one
 * distribution), so here the failed searches follow the plan's fullness, which peaks in the
 * passport rush: in a real office long lead times and failed searches come together.
 */
import { berlinOffsetMinutes } from '../calendar/berlin-time.ts';
import { failedSearchRow, slotPlanRow } from '../ingest/importers/slot-plans.ts';
import type { GeneratedDay } from './generator.ts';

const SLOTS_PER_DESK = 1.2;
const FULL_FROM = 0.85;
const FAILED_WHEN_FULL = 0.8;
const BOOKING_TEAMS = new Set(['melde-pass', 'kfz', 'fahrerlaubnis', 'haendler', 'ausgabe']);

function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export interface DemoSlotData {
  plans: ReturnType<typeof slotPlanRow>[];
  failedSearches: ReturnType<typeof failedSearchRow>[];
}

export function demoSlotPlan(day: GeneratedDay): DemoSlotData {
  const out: DemoSlotData = { plans: [], failedSearches: [] };
  const sites = new Set(day.roster.map((r) => r.site));
  for (const site of sites) {
    const desks = new Map<number, number>();
    for (const r of day.roster) {
      if (r.site !== site || !BOOKING_TEAMS.has(r.team)) continue;
      for (let m = minuteOfDay(r.from); m + 30 <= minuteOfDay(r.to); m += 30)
        desks.set(m, (desks.get(m) ?? 0) + r.persons);
    }
    const booked = new Map<number, number>();
    const byService = new Map<string, number>();
    for (const e of day.events) {
      if (e.type !== 'visit' || e.site !== site || !e.appointment) continue;
      const t = Date.parse(e.appointment.slotStart);
      const local = (((t / 60_000 + berlinOffsetMinutes(t)) % 1440) + 1440) % 1440;
      const m = Math.floor(local / 30) * 30;
      booked.set(m, (booked.get(m) ?? 0) + 1);
      byService.set(e.services[0]!, (byService.get(e.services[0]!) ?? 0) + 1);
    }
    if (desks.size === 0 && booked.size === 0) continue;
    let planned = 0;
    let offered = 0;
    let bookings = 0;
    for (const m of [...new Set([...desks.keys(), ...booked.keys()])].sort((a, b) => a - b)) {
      const capacity = Math.round((desks.get(m) ?? 0) * SLOTS_PER_DESK);
      const slots = Math.max(capacity, booked.get(m) ?? 0);
      planned += capacity;
      offered += slots;
      bookings += booked.get(m) ?? 0;
      out.plans.push(
        slotPlanRow({ date: day.date, site, from: clock(m), to: clock(m + 30), slots }, 1),
      );
    }
    // Demand beyond the plan (bookings over its capacity) counts as full.
    const fullness = planned > 0 ? bookings / planned : 0;
    const perBooking =
      FAILED_WHEN_FULL * Math.min(1, Math.max(0, (fullness - FULL_FROM) / (1 - FULL_FROM)));
    if (perBooking === 0 || offered === 0) continue;
    for (const [service, n] of [...byService.entries()].sort()) {
      const searches = Math.round(n * perBooking);
      if (searches > 0)
        out.failedSearches.push(failedSearchRow({ date: day.date, site, service, searches }, 1));
    }
  }
  return out;
}
