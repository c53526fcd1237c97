/** Annotations (process changes), newest first, without deleted ones. */
import type { Warehouse } from '../../warehouse/client.ts';
import { sql } from '../../warehouse/literal.ts';

export interface AnnotationRow {
  id: string;
  date: string;
  title: string;
  site: string;
  team: string;
  service: string;
}

export async function annotations(wh: Warehouse): Promise<AnnotationRow[]> {
  return wh.query<AnnotationRow>(
    sql`SELECT id, toString(date) AS date, title, site, team, service FROM annotations FINAL WHERE deleted = 0 ORDER BY date DESC`,
  );
}
