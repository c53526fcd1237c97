/**
 * The ingest service runs retention once a day (first a minute after the start, so a restart
 * loop cannot hammer the server), as the admin user: only it may drop partitions. A failure
 * is logged and tried again the next day; ingest never waits for it.
 */
import { loadConfig } from '../../config/environment.ts';
import { Warehouse } from '../../warehouse/client.ts';
import type { WarehouseConfig } from '../../warehouse/config.ts';
import { runRetention } from './retention.ts';

const FIRST_RUN_MS = 60_000;
const DAY_MS = 24 * 3600_000;

export interface RetentionSchedule {
  close(): Promise<void>;
}

export function startRetentionSchedule(o: {
  warehouse: WarehouseConfig;
  database: string;
  log: (msg: string) => void;
}): RetentionSchedule {
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    const { eventYears, rollupYears } = loadConfig().retention;
    const wh = new Warehouse(o.warehouse, 'admin', o.database);
    try {
      const plan = await runRetention(wh, {
        eventYears,
        rollupYears,
        cluster: o.warehouse.cluster,
      });
      if (plan.drops.length > 0)
        o.log(
          `Aufbewahrung: ${plan.drops.length} Monatspartitionen gelöscht (Ereignisse vor ${plan.eventsFrom}, Aggregate vor ${plan.rollupsFrom}).`,
        );
    } catch (err) {
      o.log(`Aufbewahrung fehlgeschlagen, nächster Versuch morgen: ${(err as Error).message}`);
    } finally {
      await wh.close();
    }
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = run().finally(() => schedule(DAY_MS));
    }, ms);
    timer.unref();
  };
  schedule(FIRST_RUN_MS);
  return {
    async close() {
      clearTimeout(timer);
      await running;
      clearTimeout(timer);
    },
  };
}
