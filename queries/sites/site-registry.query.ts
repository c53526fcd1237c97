import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';
import type { SiteKind } from '../../domain/sites/site-registry.ts';

export interface RegisteredSite {
  code: string;
  name: string;
  kind: SiteKind;
  state: string;
  /** null: not configured. */
  residents: number | null;
}

/** The site registry as synced into the warehouse (migration 0007). */
export async function registeredSites(wh: Warehouse): Promise<RegisteredSite[]> {
  const rows = await wh.query<{
    code: string;
    name: string;
    kind: SiteKind;
    state: string;
    residents: number | string;
  }>(
    sql`SELECT code, name, toString(kind) AS kind, state, residents FROM sites FINAL ORDER BY code`,
  );
  return rows.map((r) => ({
    ...r,
    residents: Number(r.residents) > 0 ? Number(r.residents) : null,
  }));
}
