import { addDays, daysBetween } from '../calendar/local-date.ts';
import { EventSender } from '../ingest/client/event-sender.ts';
import { annotationRow, rosterRow } from '../domain/reference-rows.ts';
import type { Warehouse } from '../warehouse/client.ts';
import { demoAnnotations, generateDays, type GenerateOptions } from './generator.ts';
import { IssuanceTally } from './issuances.ts';
import { issuanceRow } from '../ingest/importers/issuances.ts';
import { demoSlotPlan, type DemoSlotData } from './slot-plans.ts';
import { demoOnline } from './online.ts';

const ROSTER_AHEAD_DAYS = 28;

export interface LoadProgress {
  days: number;
  totalDays: number;
  events: number;
}

export interface DemoTarget {
  /** The running ingest service the events go through. */
  ingestUrl: string;
  token: string;
  /** Roster, annotations, issuances and slot plans have no HTTP endpoint; they are written with the ingest user. */
  wh: Warehouse;
}

/**
 * Generates demo data and sends the events through the ingest service, as a real source
 * would. Ids and versions are deterministic, so loading the same range twice changes no count.
 */
export async function loadDemoData(
  target: DemoTarget,
  opts: GenerateOptions,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<LoadProgress & { rejected: number }> {
  const progress: LoadProgress = {
    days: 0,
    totalDays: daysBetween(opts.from, opts.to) + 1,
    events: 0,
  };
  const sender = new EventSender({
    url: target.ingestUrl,
    token: target.token,
    batchSize: 5_000,
    concurrency: 2,
  });
  let roster: ReturnType<typeof rosterRow>[] = [];
  const issuances = new IssuanceTally();
  let slots: DemoSlotData = { plans: [], failedSearches: [] };
  const writeSlots = async () => {
    await target.wh.insert('slot_plans', slots.plans);
    await target.wh.insert('failed_searches', slots.failedSearches);
    slots = { plans: [], failedSearches: [] };
  };
  for (const day of generateDays(opts)) {
    await sender.add(day.events);
    const online = demoOnline(day, opts.seed);
    await sender.add(online);
    issuances.add(day.date, day.events);
    for (const r of day.roster) roster.push(rosterRow(r, 1));
    const daySlots = demoSlotPlan(day);
    slots.plans.push(...daySlots.plans);
    slots.failedSearches.push(...daySlots.failedSearches);
    if (slots.plans.length >= 20_000) await writeSlots();
    progress.days++;
    progress.events += day.events.length + online.length;
    if (roster.length >= 20_000) {
      await target.wh.insert('roster', roster);
      roster = [];
    }
    onProgress(progress);
  }
  // Rosters are planned ahead: the weeks after the data end already have one.
  for (const day of generateDays({
    ...opts,
    from: addDays(opts.to, 1),
    to: addDays(opts.to, ROSTER_AHEAD_DAYS),
  })) {
    for (const r of day.roster) roster.push(rosterRow(r, 1));
  }
  await target.wh.insert('roster', roster);
  await writeSlots();
  await target.wh.insert(
    'annotations',
    demoAnnotations(opts).map((a) => annotationRow(a, 1)),
  );
  await target.wh.insert(
    'issuances',
    issuances.issuances(opts).map((i) => issuanceRow(i, 1)),
  );
  const sent = await sender.finish();
  return { ...progress, rejected: sent.rejected };
}
