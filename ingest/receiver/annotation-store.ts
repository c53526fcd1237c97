/**
 * Annotations as the ingest service writes them: a save and a delete are each a new version
 * of the row (ReplacingMergeTree by id, the highest version wins), so nothing is destroyed.
 */
import type { Annotation } from '../../domain/contract/annotation.ts';
import { annotationRow } from '../../domain/reference-rows.ts';
import type { AnnotationRow } from '../../queries/annotations/annotations.query.ts';
import type { Warehouse } from '../../warehouse/client.ts';
import { lit, sql } from '../../warehouse/literal.ts';

export interface AnnotationStore {
  /** Writes `a` as its newest version; resolves with that version once ClickHouse has it. */
  save(a: Annotation): Promise<number>;
  /** Writes a tombstone over the live annotation `id`; null when there is none. */
  remove(id: string): Promise<number | null>;
}

/** The stored row back as a contract annotation (empty columns are absent fields). */
function fromRow(row: AnnotationRow): Annotation {
  return {
    id: row.id,
    date: row.date,
    title: row.title,
    ...(row.site ? { site: row.site } : {}),
    ...(row.team ? { team: row.team as Annotation['team'] } : {}),
    ...(row.service ? { service: row.service } : {}),
  };
}

export function annotationStore(wh: Warehouse): AnnotationStore {
  // Milliseconds, as versions always were; two writes within one must still come in order.
  let last = 0;
  const nextVersion = () => (last = Math.max(Date.now(), last + 1));
  return {
    async save(a) {
      const version = nextVersion();
      await wh.insert('annotations', [annotationRow(a, version)]);
      return version;
    },
    async remove(id) {
      const [row] = await wh.query<AnnotationRow>(
        sql`SELECT id, toString(date) AS date, title, site, team, service FROM annotations FINAL WHERE id = ${lit.string(id)} AND deleted = 0`,
      );
      if (!row) return null;
      const version = nextVersion();
      await wh.insert('annotations', [annotationRow(fromRow(row), version, true)]);
      return version;
    },
  };
}
