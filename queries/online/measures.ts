/** The columns of the online rollup (migration 0014), counted over the raw online rows. */
import { Sql } from '../../warehouse/literal.ts';
import type { Columns } from '../kpis/measures.ts';

export const ONLINE_COLUMNS = {
  completed: { kind: 'sum', aggregate: Sql.trusted(`countIf(outcome = 'completed')`) },
  aborted: { kind: 'sum', aggregate: Sql.trusted(`countIf(outcome = 'aborted')`) },
} satisfies Columns;
