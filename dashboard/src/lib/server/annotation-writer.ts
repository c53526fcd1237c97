/**
 * Annotations are the one thing people write through the dashboard. They go in with the
 * ingest user, which may insert but never alter or drop; editing and deleting are newer
 * versions of the row (ReplacingMergeTree), so nothing is ever destroyed.
 */
import { randomUUID } from 'node:crypto';
import { Warehouse } from '$warehouse/client.ts';
import { warehouseConfig } from '$warehouse/config.ts';
import { annotationSchema, type Annotation } from '$domain/contract/annotation.ts';
import { summariseIssues, validateWith } from '$domain/contract/event.ts';
import { annotationRow } from '$domain/reference-rows.ts';

let writer: Warehouse | undefined;

function ingestWarehouse(): Warehouse {
  if (!writer) {
    const config = warehouseConfig();
    writer = new Warehouse(config, 'ingest', config.database);
  }
  return writer;
}

export async function saveAnnotation(
  input: Record<string, unknown>,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const raw = Object.fromEntries(
    Object.entries({ ...input, id: input.id || randomUUID() }).filter(([, v]) => v !== ''),
  );
  const v = validateWith(annotationSchema, raw);
  if (!v.ok) return { ok: false, error: summariseIssues(v.issues) };
  await ingestWarehouse().insert('annotations', [annotationRow(v.value as Annotation, Date.now())]);
  return { ok: true };
}

export async function deleteAnnotation(a: Annotation): Promise<void> {
  await ingestWarehouse().insert('annotations', [annotationRow(a, Date.now(), true)]);
}
