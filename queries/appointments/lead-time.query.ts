/**
 * Vorlaufzeit: how far ahead an appointment was booked, from `booked_at` to `slot_start`, per
 * service and ISO week (the Monday of the visit's Europe/Berlin day). Days with decimals of
 * the real elapsed time (UTC instants), so a booking made in winter time for a slot in summer
 * time is one hour shorter than the calendar says. Every appointment counts, whatever its
 * outcome (a no-show was booked too); a visit with several services counts for each. Weeks
 * and services with fewer appointments than the minimum group show no figures.
 */
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import type { DateRange } from '../shared/range.ts';
import { eventsIn } from '../shared/sql-parts.ts';
import { suppressSmall, type Suppressed } from '../shared/suppression.ts';
import { kpiSettings } from '../targets.ts';

export interface AppointmentParams extends DateRange {
  site?: string;
  service?: string;
}

export interface LeadTimeRow {
  /** Monday of the ISO week. */
  week: string;
  service: string;
  appointments: number;
  p50Days: number;
  p90Days: number;
}

export function serviceFilter(service: string | undefined): Sql {
  return service ? sql` AND service = ${lit.string(service)}` : sql``;
}

export const LEAD_SECONDS: Sql = sql`toInt64(assumeNotNull(slot_start)) - toInt64(assumeNotNull(booked_at))`;

export function leadTimesSql(p: AppointmentParams): Sql {
  return sql`SELECT toString(toMonday(day)) AS week, service, count() AS appointments,
      quantilesExact(0.5, 0.9)(toFloat64(${LEAD_SECONDS}) / 86400) AS q
    FROM ${eventsIn('visits', p, { site: p.site })} ARRAY JOIN services AS service
    WHERE isNotNull(booked_at) AND isNotNull(slot_start)${serviceFilter(p.service)}
    GROUP BY week, service ORDER BY week, service`;
}

export async function leadTimes(
  wh: Warehouse,
  p: AppointmentParams,
): Promise<Suppressed<LeadTimeRow, 'p50Days' | 'p90Days'>[]> {
  const rows = await wh.query<{ week: string; service: string; appointments: number; q: number[] }>(
    leadTimesSql(p),
  );
  return suppressSmall(
    rows.map((r) => ({
      week: r.week,
      service: r.service,
      appointments: Number(r.appointments),
      p50Days: Number(r.q[0]),
      p90Days: Number(r.q[1]),
    })),
    (r) => r.appointments,
    ['p50Days', 'p90Days'],
    kpiSettings().minGroup,
  );
}
