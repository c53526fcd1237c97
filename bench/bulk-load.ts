/**
 * Generated demo data loaded straight into ClickHouse for the benchmarks that need a large
 * database: generator → toRow → clickhouse-client on the native port, one per table, then
 * the service catalog and the daily rollups as `lagebild serve` has them.
 */
import { addDays, daysBetween, eachDay, type LocalDate } from '../calendar/local-date.ts';
import { generateDays, type GeneratedDay } from '../demo/generator.ts';
import { loadServiceCatalog } from '../domain/catalog/service-catalog.ts';
import type { EventType } from '../domain/contract/event.ts';
import { rosterRow } from '../domain/reference-rows.ts';
import { TABLE_OF, toRow } from '../ingest/pipeline/to-row.ts';
import { rebuildRollups } from '../ingest/rollups/rebuild.ts';
import { syncServiceCatalog } from '../warehouse/service-catalog-sync.ts';
import { InsertStream } from './clickhouse-client.ts';
import { countEvents, type Db } from './databases.ts';
import { fmt, progress, seconds } from './support.ts';

export interface BulkLoadOptions {
  from: LocalDate;
  to: LocalDate;
  seed: number;
  scale: number;
  /** The generator's present (email answers after it are left out), as `lagebild serve` passes. */
  now?: Date;
  /** Roster of this many days after `to` as well (planned ahead, like demo/load-demo.ts). */
  rosterAheadDays?: number;
}

export interface BulkLoadResult {
  /** Events generated (and written). */
  events: number;
  /** Events stored, counted afterwards. */
  stored: number;
  rosterRows: number;
  /** Days the generator threw on, with the reason. */
  skipped: string[];
  seconds: number;
}

/**
 * One day of demo data, generated on its own (a sub-range yields exactly the days of the
 * longer range). A day the generator fails on is skipped and reported rather than ending
 * the run.
 */
function generateDay(
  date: LocalDate,
  opts: BulkLoadOptions,
  skipped: string[],
): GeneratedDay | undefined {
  try {
    return (
      generateDays({
        from: date,
        to: date,
        seed: opts.seed,
        scale: opts.scale,
        ...(opts.now ? { now: opts.now } : {}),
      }).next().value ?? undefined
    );
  } catch (err) {
    skipped.push(`${date} (${(err as Error).message})`);
    progress(`generator failed on ${date}, day skipped: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Events and roster of every day in the range, through one clickhouse-client per table.
 * Each day is "received" at 22:00 UTC that day, as a nightly batch would be; its roster
 * rows carry that time as version.
 */
export async function bulkLoad(db: Db, opts: BulkLoadOptions): Promise<BulkLoadResult> {
  const skipped: string[] = [];
  const total = daysBetween(opts.from, opts.to) + 1;
  const t0 = performance.now();
  const tables: Record<EventType, InsertStream> = {
    visit: new InsertStream(db, TABLE_OF.visit),
    call: new InsertStream(db, TABLE_OF.call),
    email: new InsertStream(db, TABLE_OF.email),
    online: new InsertStream(db, TABLE_OF.online),
  };
  const roster = new InsertStream(db, 'roster');
  const all = [...Object.values(tables), roster];
  let events = 0;
  let rosterRows = 0;
  let done = 0;
  let nextReport = 0.1;
  try {
    for (const date of eachDay(opts.from, opts.to)) {
      const day = generateDay(date, opts, skipped);
      if (!day) {
        done++;
        continue;
      }
      // Received late that evening (UTC), as a nightly batch would be.
      const receivedAt = new Date(`${day.date}T22:00:00Z`);
      const chunks: Record<EventType, string[]> = { visit: [], call: [], email: [], online: [] };
      for (const e of day.events) chunks[e.type].push(JSON.stringify(toRow(e, receivedAt)));
      events += day.events.length;
      const version = receivedAt.getTime();
      const rosterLines = day.roster.map((r) => JSON.stringify(rosterRow(r, version)));
      rosterRows += rosterLines.length;
      await Promise.all([
        ...(Object.keys(chunks) as EventType[]).map((type) =>
          chunks[type].length ? tables[type].write(chunks[type].join('\n') + '\n') : undefined,
        ),
        rosterLines.length ? roster.write(rosterLines.join('\n') + '\n') : undefined,
      ]);
      done++;
      if (done / total >= nextReport || done === total) {
        const mb = process.memoryUsage().rss / 2 ** 20;
        progress(
          `load ${Math.round((done / total) * 100)} %: ${date}, ${fmt(events)} events, ${fmt(seconds(t0))} s, RSS ${fmt(mb)} MB`,
        );
        while (nextReport <= done / total) nextReport += 0.1;
      }
    }
    // Rosters are planned ahead: the weeks after the data end already have one.
    const ahead = opts.rosterAheadDays ?? 0;
    if (ahead > 0) {
      for (const date of eachDay(addDays(opts.to, 1), addDays(opts.to, ahead))) {
        const day = generateDay(date, opts, skipped);
        if (!day) continue;
        const version = new Date(`${opts.to}T22:00:00Z`).getTime();
        const lines = day.roster.map((r) => JSON.stringify(rosterRow(r, version)));
        rosterRows += lines.length;
        if (lines.length) await roster.write(lines.join('\n') + '\n');
      }
    }
    await Promise.all(all.map((s) => s.end()));
  } catch (err) {
    for (const s of all) s.kill();
    throw err;
  }
  const loadSeconds = seconds(t0);
  const stored = await countEvents(db.admin);
  return { events, stored, rosterRows, skipped, seconds: loadSeconds };
}

/**
 * A benchmark's data: `bulkLoad`, then what `extras` adds (it says what in a few words), the
 * service catalog and the daily rollups; tells what it loaded and how fast. Returns the
 * events stored.
 */
export async function loadBenchData(
  db: Db,
  opts: BulkLoadOptions,
  extras?: (db: Db) => Promise<string>,
): Promise<number> {
  const r = await bulkLoad(db, opts);
  const ahead = opts.rosterAheadDays ? ` incl. ${opts.rosterAheadDays} days ahead` : '';
  console.log(
    `loaded ${fmt(r.stored)} events (generated ${fmt(r.events)}; ${fmt(r.rosterRows)} roster rows${ahead}) for ${opts.from} … ${opts.to} at scale ${opts.scale} in ${fmt(r.seconds, 1)} s (${fmt(r.stored / r.seconds)} events/s: generator + toRow + clickhouse-client)`,
  );
  if (r.skipped.length)
    console.log(
      `WARNING: the generator threw on ${r.skipped.length} day(s), left out of the data: ${r.skipped.join('; ')}`,
    );
  if (r.stored !== r.events)
    console.log(`WARNING: ${fmt(r.events)} generated but ${fmt(r.stored)} stored`);

  const added = extras ? `${await extras(db)}, ` : '';
  await syncServiceCatalog(db.admin, loadServiceCatalog());
  const t1 = performance.now();
  let nextRollup = 0.1;
  const days = await rebuildRollups(db.admin, {}, (d, n) => {
    if (d / n >= nextRollup || d === n) {
      progress(`rollups ${Math.round((d / n) * 100)} %: ${d}/${n} days, ${fmt(seconds(t1))} s`);
      while (nextRollup <= d / n) nextRollup += 0.1;
    }
  });
  console.log(
    `${added}service catalog synced; rebuilt the daily rollups of ${days} days in ${fmt(seconds(t1), 1)} s`,
  );
  return r.stored;
}
