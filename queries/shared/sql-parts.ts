/**
 * SQL fragments every KPI module builds on: the deduplicated event sources and the per-event
 * expressions of design.md (waits, handling times, short abandons); the KPIs counted from
 * them are in `queries/kpis/measures.ts`. Values enter only through `lit`.
 */
import { ident, lit, Sql, sql } from '../../warehouse/literal.ts';
import type { DateRange, Scope } from './range.ts';

export type EventTable = 'visits' | 'calls' | 'emails';

/**
 * Where a summary reads from: `raw` the deduplicated events (exact percentiles), `rollup`
 * (the default) the daily rollups.
 */
export type Source = 'raw' | 'rollup';

/**
 * Current rows of an event table in a day range: FINAL keeps the highest version per
 * (site, day, id), tombstones (`deleted`) are left out.
 */
export function eventsIn(table: EventTable, range: DateRange, scope: Scope = {}): Sql {
  const site = scope.site ? sql` AND site = ${lit.string(scope.site)}` : sql``;
  const team =
    scope.team && table === 'visits' ? sql` AND team = ${lit.string(scope.team)}` : sql``;
  return sql`(SELECT * FROM ${ident(table)} FINAL WHERE day BETWEEN ${lit.date(range.from)} AND ${lit.date(range.to)} AND deleted = 0${site}${team})`;
}

/** Visits (design.md): start of waiting is arrival for walk-ins, max(arrival, slot) with an appointment. */
export const VISIT = {
  completed: Sql.trusted(`outcome = 'completed'`),
  waitSeconds: Sql.trusted(
    `greatest(toInt64(0), toInt64(called_at) - toInt64(if(isNull(slot_start), arrived_at, greatest(arrived_at, assumeNotNull(slot_start)))))`,
  ),
  hasWait: Sql.trusted(`isNotNull(called_at) AND isNotNull(arrived_at)`),
  handleSeconds: Sql.trusted(`toInt64(ended_at) - toInt64(ifNull(started_at, called_at))`),
  hasHandle: Sql.trusted(`isNotNull(ended_at) AND (isNotNull(started_at) OR isNotNull(called_at))`),
  hasAppointment: Sql.trusted(`isNotNull(slot_start)`),
};

/** Calls: an abandon within `shortAbandonSeconds` of the offer does not count as offered. */
export function callMeasures(shortAbandonSeconds: number) {
  const short = sql`(isNull(answered_at) AND isNotNull(ended_at) AND toInt64(ended_at) - toInt64(offered_at) <= ${lit.int(shortAbandonSeconds)})`;
  return {
    shortAbandon: short,
    answered: Sql.trusted(`isNotNull(answered_at)`),
    abandoned: Sql.trusted(`isNull(answered_at)`),
    answerSeconds: Sql.trusted(`toInt64(answered_at) - toInt64(offered_at)`),
    handleSeconds: Sql.trusted(
      `ifNull(talk_seconds, 0) + ifNull(hold_seconds, 0) + ifNull(wrap_seconds, 0)`,
    ),
  };
}

export const EMAIL = {
  firstResponseSeconds: Sql.trusted(`toInt64(first_response_at) - toInt64(received_at)`),
  hasResponse: Sql.trusted(`isNotNull(first_response_at)`),
};

/**
 * Rollup rows with site '' hold all sites together (no site may be empty, per the contract),
 * so a network-wide figure merges a few thousand rows, not one per site and day.
 */
export const ALL_SITES = '';

/** The rollup rows of one site, or the all-sites rows. */
export function rollupSite(site: string | undefined): Sql {
  return sql`site = ${lit.string(site ?? ALL_SITES)}`;
}
