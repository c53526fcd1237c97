/**
 * The benchmarks' databases: a migrated scratch database per run, or a kept one (a fixed
 * name, reused while its load tag says it holds the data asked for), and waiting for
 * ClickHouse's background merges before anything is timed.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Warehouse } from '../warehouse/client.ts';
import { warehouseConfig, type WarehouseConfig } from '../warehouse/config.ts';
import { ident, lit, sql } from '../warehouse/literal.ts';
import { migrate } from '../warehouse/migrate.ts';
import { fmt, progress, seconds } from './support.ts';

export interface Db {
  name: string;
  config: WarehouseConfig;
  admin: Warehouse;
  /** Drops a scratch database; of a kept one only closes the client. */
  drop(): Promise<void>;
}

async function openDatabase(name: string, scratch: boolean): Promise<Db> {
  const config = warehouseConfig();
  await migrate({ database: name, config });
  const admin = new Warehouse(config, 'admin', name);
  return {
    name,
    config,
    admin,
    async drop() {
      if (scratch) await admin.command(sql`DROP DATABASE IF EXISTS ${ident(name)}`);
      await admin.close();
    },
  };
}

/** A migrated scratch database for one benchmark. */
export function benchDatabase(label: string): Promise<Db> {
  return openDatabase(`lagebild_bench_${label}_${randomBytes(4).toString('hex')}`, true);
}

/** A database with a fixed name, migrated, never dropped. */
export function keptDatabase(name: string): Promise<Db> {
  return openDatabase(name, false);
}

export async function countEvents(wh: Warehouse): Promise<number> {
  const [r] = await wh.query<{ n: number }>(
    sql`SELECT (SELECT count() FROM visits) + (SELECT count() FROM calls) + (SELECT count() FROM emails) AS n`,
  );
  return Number(r?.n ?? 0);
}

/** The tag a completed load recorded, so a kept database is reused only for the same data. */
async function loadedTag(admin: Warehouse): Promise<string | undefined> {
  await admin.command(
    sql`CREATE TABLE IF NOT EXISTS bench_meta (tag String, events UInt64) ENGINE = TinyLog`,
  );
  const [row] = await admin.query<{ tag: string }>(sql`SELECT tag FROM bench_meta LIMIT 1`);
  return row?.tag;
}

/**
 * Fills `db` by `load` (which returns the events it stored) and records `tag`, unless `keep`
 * is set and the database already holds the data of this tag. Other or half-loaded data is
 * dropped first.
 */
export async function fillDatabase(
  db: Db,
  keep: boolean,
  tag: string,
  load: (db: Db) => Promise<number>,
): Promise<void> {
  const loaded = await loadedTag(db.admin);
  if (keep && loaded === tag) {
    console.log(`reusing database ${db.name} (${tag}, ${fmt(await countEvents(db.admin))} events)`);
    return;
  }
  if (loaded !== undefined || (await countEvents(db.admin)) > 0) {
    progress(`database ${db.name} holds other or incomplete data: recreating it`);
    await db.admin.command(sql`DROP DATABASE IF EXISTS ${ident(db.name)}`);
    await migrate({ database: db.name, config: db.config });
    await loadedTag(db.admin);
  }
  const events = await load(db);
  await db.admin.command(
    sql`INSERT INTO bench_meta (tag, events) VALUES (${lit.string(tag)}, ${lit.uint(events)})`,
  );
}

/** Waits (at most a minute) until ClickHouse runs no background merges. */
export async function mergesSettled(wh: Warehouse): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const [r] = await wh.query<{ n: number }>(sql`SELECT count() AS n FROM system.merges`);
    if (Number(r?.n ?? 0) === 0) return;
    await sleep(200);
  }
}

/**
 * Background merges of this database compete for the two cores: lets them finish (at most
 * ten minutes) before anything is timed, and says how many parts each table kept.
 */
export async function settleMerges(db: Db): Promise<void> {
  const t0 = performance.now();
  let lastReport = 0;
  for (;;) {
    const [m] = await db.admin.query<{ n: number }>(
      sql`SELECT count() AS n FROM system.merges WHERE database = ${lit.string(db.name)}`,
    );
    if (Number(m?.n ?? 0) === 0) break;
    if (seconds(t0) > 600) {
      console.log('merges still running after 10 min; measuring anyway');
      break;
    }
    if (seconds(t0) - lastReport >= 15) {
      lastReport = seconds(t0);
      progress(`waiting for ${m?.n} background merge(s), ${fmt(lastReport)} s`);
    }
    await sleep(1000);
  }
  const parts = await db.admin.query<{ table: string; parts: number; rows: number }>(
    sql`SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts
      WHERE database = ${lit.string(db.name)} AND active AND table IN ('visits', 'calls', 'emails', 'visits_daily', 'calls_daily', 'emails_daily')
      GROUP BY table ORDER BY table`,
  );
  console.log(
    `active parts (merges settled after ${fmt(seconds(t0), 1)} s): ` +
      parts.map((p) => `${p.table} ${p.parts} (${fmt(Number(p.rows))} rows)`).join(', '),
  );
}
