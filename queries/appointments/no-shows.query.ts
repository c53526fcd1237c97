/**
 * What no-shows cost: per ISO week (the Monday of the slot's day) the no-show appointments and
 * the desk hours they held, each priced at the target handling times of its services in the
 * service catalog (a combined booking holds the desk for all of them; a code the catalog does
 * not know counts no time and is counted apart). And the overbooking the period's no-show
 * rate (the registry's noShowRate, same scope) would allow at a chosen risk of overflow.
 */
import { maxOverbooking, type Overbooking } from '../../maths/binomial.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql, type Sql } from '../../warehouse/literal.ts';
import { countsOf, VISIT_COLUMNS, VISIT_KPIS } from '../kpis/measures.ts';
import { eventsIn } from '../shared/sql-parts.ts';
import { visitCountsSql } from '../summary/summary.query.ts';
import type { AppointmentParams } from './lead-time.query.ts';

export interface NoShowWeek {
  week: string;
  noShows: number;
  lostHours: number;
  /** Service codes of those no-shows without a target handling time in the catalog. */
  unpricedServices: number;
}

export interface OverbookingRow extends Overbooking {
  slots: number;
}

export interface NoShows {
  weeks: NoShowWeek[];
  /** The period's no-show rate; null without appointments. */
  noShowRate: number | null;
  risk: number;
  /** Per number of slots in a half hour, 1 to `maxSlots`; empty without a no-show rate. */
  overbooking: OverbookingRow[];
}

export function lostDeskHoursSql(p: AppointmentParams): Sql {
  const service = p.service ? sql` AND has(services, ${lit.string(p.service)})` : sql``;
  return sql`SELECT toString(week) AS week, uniqExact(site, id) AS noShows,
      sum(target) / 60 AS lostHours, countIf(target = 0) AS unpriced
    FROM (SELECT toMonday(day) AS week, site, id, service
      FROM ${eventsIn('visits', p, { site: p.site })} ARRAY JOIN services AS service
      WHERE outcome = 'no_show'${service}) AS n
    ANY LEFT JOIN (SELECT code AS service, toFloat64(target_minutes) AS target FROM service_catalog FINAL) AS c
    USING service
    GROUP BY week ORDER BY week`;
}

export async function noShows(
  wh: Warehouse,
  p: AppointmentParams & { risk: number; maxSlots?: number },
): Promise<NoShows> {
  const [weeks, [counts]] = await Promise.all([
    wh.query<{ week: string; noShows: number; lostHours: number; unpriced: number }>(
      lostDeskHoursSql(p),
    ),
    wh.query<Record<string, unknown>>(
      visitCountsSql({ from: p.from, to: p.to, site: p.site, source: 'raw' }),
    ),
  ]);
  const noShowRate = VISIT_KPIS.noShowRate(countsOf(VISIT_COLUMNS, counts ?? {}));
  const maxSlots = p.maxSlots ?? 30;
  return {
    weeks: weeks.map((w) => ({
      week: w.week,
      noShows: Number(w.noShows),
      lostHours: Number(w.lostHours),
      unpricedServices: Number(w.unpriced),
    })),
    noShowRate,
    risk: p.risk,
    overbooking:
      noShowRate === null
        ? []
        : Array.from({ length: maxSlots }, (_, i) => ({
            slots: i + 1,
            ...maxOverbooking(i + 1, noShowRate, p.risk),
          })),
  };
}
