/**
 * 1 million generated events through the warehouse's insert path (contract event → row →
 * JSONEachRow over HTTP, batches of 50,000) beside clickhouse-client inserting the very
 * same rows from files over the native protocol, in the same run.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventType } from '../domain/contract/event.ts';
import { TABLE_OF, toRow } from '../ingest/pipeline/to-row.ts';
import { insertEvents } from '../test/support/insert-events.ts';
import { demoSites } from '../demo/generator.ts';
import { spawnInsert } from './clickhouse-client.ts';
import { benchDatabase, countEvents, type Db } from './databases.ts';
import { EVENTS_SCALE, generatedEvents } from './generated-events.ts';
import { fmt, seconds } from './support.ts';

const TARGET = Number(process.env.BENCH_INSERT_EVENTS ?? 1_000_000);
const BATCH = 50_000;

/** clickhouse-client inserting the rows of a file it reads from its stdin. */
function insertFile(db: Db, table: string, input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnInsert(db, table);
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    createReadStream(input).pipe(child.stdin!);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`clickhouse-client: ${err.trim()}`)),
    );
  });
}

export async function benchWarehouseInsert(): Promise<void> {
  console.log(`\n## Warehouse insert path: ${fmt(TARGET)} events`);
  const t0 = performance.now();
  const events = generatedEvents(TARGET, 7);
  console.log(
    `generated ${fmt(events.length)} events for ${demoSites(EVENTS_SCALE).length} sites in ${fmt(seconds(t0), 1)} s`,
  );

  const ours = await benchDatabase('insert_ours');
  const raw = await benchDatabase('insert_raw');
  const dir = mkdtempSync(join(tmpdir(), 'lagebild-bench-'));
  try {
    const t1 = performance.now();
    for (let i = 0; i < events.length; i += BATCH)
      await insertEvents(ours.admin, events.slice(i, i + BATCH));
    const oursSeconds = seconds(t1);
    const oursCount = await countEvents(ours.admin);

    // The same rows, prepared outside the timed section, for clickhouse-client.
    const receivedAt = new Date();
    const files: Record<EventType, string[]> = { visit: [], call: [], email: [], online: [] };
    for (const e of events) files[e.type].push(JSON.stringify(toRow(e, receivedAt)));
    const paths = (Object.keys(files) as EventType[]).map((type) => {
      const path = join(dir, `${type}.ndjson`);
      writeFileSync(path, files[type].join('\n') + '\n');
      return { type, path };
    });
    const t2 = performance.now();
    for (const { type, path } of paths) await insertFile(raw, TABLE_OF[type], path);
    const rawSeconds = seconds(t2);
    const rawCount = await countEvents(raw.admin);

    const oursRate = oursCount / oursSeconds;
    const rawRate = rawCount / rawSeconds;
    console.log('| path | events | seconds | events/s |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| Lagebild insertEvents (HTTP, JSONEachRow, ${fmt(BATCH)}/batch) | ${fmt(oursCount)} | ${fmt(oursSeconds, 1)} | ${fmt(oursRate)} |`,
    );
    console.log(
      `| clickhouse-client (native, same rows from files) | ${fmt(rawCount)} | ${fmt(rawSeconds, 1)} | ${fmt(rawRate)} |`,
    );
    console.log(`ratio Lagebild / raw: ${fmt(oursRate / rawRate, 2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ours.drop();
    await raw.drop();
  }
}
