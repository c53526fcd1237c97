/**
 * Passport and ID applications: completed visits with at least one passport/ID service,
 * counted once per visit however many such services it has (migration 0015).
 */
import { lit, sql } from '../../warehouse/literal.ts';
import type { Columns } from '../kpis/measures.ts';
import { VISIT } from '../shared/sql-parts.ts';

export const PASSPORT_SERVICES = ['PA-ANTRAG', 'PASS-ANTRAG', 'KIND-PASS'] as const;

/** The raw visits that count as an application. */
export const PASSPORT_APPLICATION = sql`${VISIT.completed} AND hasAny(services, ${lit.array([...PASSPORT_SERVICES], lit.string)})`;

export const PASSPORT_COLUMNS = {
  applications: { kind: 'sum', aggregate: sql`count()` },
} satisfies Columns;
