/**
 * Booked against offered appointment slots per Europe/Berlin day and half hour, and the
 * booking searches that found nothing.
 *
 * - booked: appointments (deduplicated visits with a slot, any outcome) whose `slot_start`
 *   falls in the half hour, local time; with a service, those that include it.
 * - offered: the slots of the day's plan rows covering the half hour (the newest import of
 *   the day only, see migration 0013). A row spanning several half hours is split in
 *   proportion to the minutes it covers of each: 08:00–10:00 with 8 slots offers 2 in each of
 *   the four half hours, 08:15–09:00 with 3 slots 1 at 08:00 and 2 at 08:30, so a figure may
 *   have decimals. With a service, only the rows planned for it (a row without a service
 *   belongs to no single one).
 * - a plan day that is a public holiday (Hesse) offers nothing: the office is closed, and such
 *   a plan is the system's weekly template, which nobody could book. Its slots stay visible as
 *   `planned`; bookings on the day, if any, still count as booked.
 */
import { isPublicHoliday } from '../../calendar/public-holidays.ts';
import { addDays } from '../../calendar/local-date.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { eventsIn } from '../shared/sql-parts.ts';
import { serviceFilter, type AppointmentParams } from './lead-time.query.ts';

export interface HalfHourCapacity {
  date: string;
  /** Start of the half hour, HH:MM local time. */
  time: string;
  booked: number;
  /** Slots of the plan; 0 on a public holiday. */
  offered: number;
  /** Slots the plan holds, also on a public holiday. */
  planned: number;
}

export interface DayCapacity {
  date: string;
  booked: number;
  offered: number;
  planned: number;
  failedSearches: number;
  holiday: boolean;
}

export interface FailedSearchRow {
  date: string;
  service: string;
  searches: number;
}

export interface Capacity {
  halfHours: HalfHourCapacity[];
  days: DayCapacity[];
  failedSearches: FailedSearchRow[];
}

function siteFilter(site: string | undefined): Sql {
  return site ? sql` AND site = ${lit.string(site)}` : sql``;
}

/** The rows of each day's newest plan import in the range. */
export function slotPlanRowsSql(p: AppointmentParams): Sql {
  const days = sql`date BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${siteFilter(p.site)}`;
  return sql`(SELECT site, date, service, from_minute, to_minute, slots FROM slot_plans FINAL
    WHERE ${days}${serviceFilter(p.service)}
      AND (site, date, version) IN (SELECT site, date, max(version) FROM slot_plans WHERE ${days} GROUP BY site, date))`;
}

export function offeredSql(p: AppointmentParams): Sql {
  return sql`SELECT toString(date) AS date, toUInt32(h * 30) AS minute,
      sum(slots * toFloat64(toInt64(least(to_minute, h * 30 + 30)) - toInt64(greatest(from_minute, h * 30)))
        / toFloat64(toInt64(to_minute) - toInt64(from_minute))) AS offered
    FROM ${slotPlanRowsSql(p)} AS plan
    ARRAY JOIN arrayMap(i -> toUInt32(i + intDiv(from_minute, 30)),
      range(toUInt32(intDiv(to_minute + 29, 30) - intDiv(from_minute, 30)))) AS h
    GROUP BY date, minute ORDER BY date, minute`;
}

export function bookedSql(p: AppointmentParams): Sql {
  const slotDay = sql`toDate(assumeNotNull(slot_start), 'Europe/Berlin')`;
  const service = p.service ? sql` AND has(services, ${lit.string(p.service)})` : sql``;
  // A visit's day is its arrival's; the slot may lie on the day before or after.
  const wide = { from: addDays(p.from, -1), to: addDays(p.to, 1) };
  return sql`SELECT toString(${slotDay}) AS date,
      toUInt32(toHour(assumeNotNull(slot_start), 'Europe/Berlin') * 60 + intDiv(toMinute(assumeNotNull(slot_start), 'Europe/Berlin'), 30) * 30) AS minute,
      count() AS booked
    FROM ${eventsIn('visits', wide, { site: p.site })}
    WHERE isNotNull(slot_start) AND ${slotDay} BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${service}
    GROUP BY date, minute ORDER BY date, minute`;
}

export function failedSearchesSql(p: AppointmentParams): Sql {
  return sql`SELECT toString(date) AS day, service, sum(searches) AS searches FROM failed_searches FINAL
    WHERE date BETWEEN ${lit.date(p.from)} AND ${lit.date(p.to)}${siteFilter(p.site)}${serviceFilter(p.service)}
    GROUP BY day, service ORDER BY day, service`;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export async function capacity(wh: Warehouse, p: AppointmentParams): Promise<Capacity> {
  const [offered, booked, failed] = await Promise.all([
    wh.query<{ date: string; minute: number; offered: number }>(offeredSql(p)),
    wh.query<{ date: string; minute: number; booked: number }>(bookedSql(p)),
    wh.query<{ day: string; service: string; searches: number }>(failedSearchesSql(p)),
  ]);
  const cells = new Map<string, HalfHourCapacity>();
  const cell = (date: string, minute: number) => {
    const key = `${date} ${clock(Number(minute))}`;
    let c = cells.get(key);
    if (!c)
      cells.set(
        key,
        (c = { date, time: clock(Number(minute)), booked: 0, offered: 0, planned: 0 }),
      );
    return c;
  };
  for (const r of offered) {
    const c = cell(r.date, r.minute);
    c.planned = Number(r.offered);
    c.offered = isPublicHoliday(r.date) ? 0 : c.planned;
  }
  for (const r of booked) cell(r.date, r.minute).booked = Number(r.booked);
  const halfHours = [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);

  const failedSearches = failed.map((r) => ({
    date: r.day,
    service: r.service,
    searches: Number(r.searches),
  }));
  const days = new Map<string, DayCapacity>();
  const day = (date: string) => {
    let d = days.get(date);
    if (!d)
      days.set(
        date,
        (d = {
          date,
          booked: 0,
          offered: 0,
          planned: 0,
          failedSearches: 0,
          holiday: isPublicHoliday(date),
        }),
      );
    return d;
  };
  for (const c of halfHours) {
    const d = day(c.date);
    d.booked += c.booked;
    d.offered += c.offered;
    d.planned += c.planned;
  }
  for (const f of failedSearches) day(f.date).failedSearches += f.searches;
  return {
    halfHours,
    days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
    failedSearches,
  };
}
