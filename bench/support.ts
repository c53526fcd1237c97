import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Warehouse } from '../warehouse/client.ts';
import { warehouseConfig } from '../warehouse/config.ts';
import { ident, sql } from '../warehouse/literal.ts';
import { migrate } from '../warehouse/migrate.ts';

/** A migrated scratch database for one benchmark, dropped by `drop()`. */
export async function benchDatabase(label: string) {
  const config = warehouseConfig();
  const name = `lagebild_bench_${label}_${randomBytes(4).toString('hex')}`;
  await migrate({ database: name, config });
  const admin = new Warehouse(config, 'admin', name);
  return {
    name,
    config,
    admin,
    async drop() {
      await admin.command(sql`DROP DATABASE IF EXISTS ${ident(name)}`);
      await admin.close();
    },
  };
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('de-DE', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function seconds(fromMs: number): number {
  return (performance.now() - fromMs) / 1000;
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
