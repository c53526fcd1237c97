import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';

/** Sites that have data (from the small daily rollups, so this stays cheap at scale). */
export async function knownSites(wh: Warehouse): Promise<string[]> {
  const rows = await wh.query<{ site: string }>(sql`
    SELECT DISTINCT site FROM (SELECT site FROM visits_daily UNION ALL SELECT site FROM calls_daily UNION ALL SELECT site FROM emails_daily) WHERE site != '' ORDER BY site`);
  return rows.map((r) => r.site);
}
