import { daysBetween } from '../calendar/local-date.ts';
import type { Event } from '../ingest/contract/event.ts';
import { annotationRow, rosterRow } from '../ingest/pipeline/reference-rows.ts';
import { insertEvents } from '../ingest/writer/insert-events.ts';
import type { Warehouse } from '../warehouse/client.ts';
import { demoAnnotations, generateDays, type GenerateOptions } from './generator.ts';

/** Events per insert: large enough for few parts, small enough to keep memory flat. */
const BATCH = 50_000;

export interface LoadProgress {
  days: number;
  totalDays: number;
  events: number;
}

/**
 * Generates demo data and writes it through the warehouse's insert path. Ids and versions
 * are deterministic, so loading the same range twice changes no count.
 */
export async function loadDemoData(
  wh: Warehouse,
  opts: GenerateOptions,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadProgress> {
  const progress: LoadProgress = {
    days: 0,
    totalDays: daysBetween(opts.from, opts.to) + 1,
    events: 0,
  };
  let events: Event[] = [];
  let roster: ReturnType<typeof rosterRow>[] = [];
  const flush = async () => {
    await Promise.all([insertEvents(wh, events), wh.insert('roster', roster)]);
    events = [];
    roster = [];
  };
  for (const day of generateDays(opts)) {
    for (const e of day.events) events.push(e);
    for (const r of day.roster) roster.push(rosterRow(r, 1));
    progress.days++;
    progress.events += day.events.length;
    if (events.length >= BATCH) {
      await flush();
      onProgress(progress);
    }
  }
  await flush();
  await wh.insert(
    'annotations',
    demoAnnotations(opts).map((a) => annotationRow(a, 1)),
  );
  onProgress(progress);
  return progress;
}
