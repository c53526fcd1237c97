/** Email threads open now: received up to now and not closed (the registry's backlog). */
import { berlinDate } from '../../calendar/berlin-time.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { emailBacklogSql } from '../summary/summary.query.ts';

export async function openEmails(wh: Warehouse, p: { now: Date; site?: string }): Promise<number> {
  const today = berlinDate(p.now);
  const [row] = await wh.query<{ backlog: number }>(
    // Raw rows: the rollups lag the last flush.
    emailBacklogSql({ from: today, to: today, site: p.site, source: 'raw' }),
  );
  return Number(row?.backlog ?? 0);
}
