/**
 * The ingest service: spool + batch writer + HTTP receiver in one process. It starts even
 * when ClickHouse is down (events are spooled and flushed once it is back), replays what
 * an earlier run left in the spool, and on SIGTERM stops accepting, flushes and exits.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Warehouse } from '../warehouse/client.ts';
import { warehouseConfig, type WarehouseConfig } from '../warehouse/config.ts';
import { cachedTokens, tokenFile } from '../auth/token-store.ts';
import type { IngestConfig } from './config.ts';
import { createIngestMetrics } from './metrics.ts';
import { createAcceptor } from './pipeline/accept-pool.ts';
import { annotationStore } from './receiver/annotation-store.ts';
import { buildReceiver } from './receiver/app.ts';
import { Spool } from './spool/spool.ts';
import { BatchWriter, type FlushReport } from './writer/batch-writer.ts';
import { RollupMaintainer } from './writer/rollup-maintainer.ts';
import { startNotifications } from './alerts/start-notifications.ts';
import { startRetentionSchedule } from './retention/retention-schedule.ts';

export interface IngestService {
  app: FastifyInstance;
  spool: Spool;
  writer: BatchWriter;
  rollups: RollupMaintainer;
  url: string;
  /** True when everything spooled is in ClickHouse and the rollups include it. */
  settled(): boolean;
  /** Stop accepting, flush within the deadline, close. True when the spool is empty. */
  shutdown(): Promise<boolean>;
}

export async function startIngestService(
  config: IngestConfig,
  options: {
    database?: string;
    tokenFile?: string;
    /** Another server than the configured one (tests route it through a proxy they can cut). */
    warehouse?: WarehouseConfig;
    onFlush?: (r: FlushReport) => void | Promise<void>;
    log?: (msg: string) => void;
  } = {},
): Promise<IngestService> {
  const log = options.log ?? console.log;
  const whConfig = options.warehouse ?? warehouseConfig();
  const wh = new Warehouse(whConfig, 'ingest', options.database ?? whConfig.database);
  const spool = new Spool({ dir: config.spoolDir, maxBytes: config.spoolMaxBytes });
  await spool.open();
  const leftover = spool.stats();
  if (leftover.lines > 0)
    log(`Spool enthält ${leftover.lines} Zeilen aus einem früheren Lauf – werden nachgetragen.`);
  // Alerts and the scheduled briefing, each off until configured (ingest/alerts/); a bad
  // rules file stops the start here, before anything else runs.
  const notifications = startNotifications(config.notifications, {
    spool,
    spoolMaxBytes: config.spoolMaxBytes,
    warehouse: whConfig,
    database: wh.database,
    tokenFile: options.tokenFile ?? tokenFile(),
    log,
  });
  const metrics = createIngestMetrics();
  const rollups = new RollupMaintainer(wh, {
    intervalMs: config.rollupIntervalMs,
    pendingFile: join(config.spoolDir, 'rollups-pending.json'),
    // A backlog of a tenth of a flush means a bulk load, not an office's trickle.
    holdWhile: () => spool.stats().lines >= config.flushRows / 10,
    log,
  });
  const writer = new BatchWriter(
    spool,
    wh,
    { maxRows: config.flushRows, maxBytes: config.flushBytes, maxAgeMs: config.flushMs },
    async (report) => {
      metrics.flushes.inc({ trigger: report.trigger, outcome: report.outcome });
      metrics.flushSeconds.observe(report.durationMs / 1000);
      if (report.outcome === 'ok') {
        metrics.flushRows.inc(report.rows);
        await rollups.note(report.days);
      }
      await options.onFlush?.(report);
    },
  );
  const acceptor = createAcceptor(config.acceptThreads);
  try {
    await acceptor.ready();
  } catch (err) {
    await acceptor.close();
    throw err;
  }
  const settled = () =>
    spool.stats().lines === 0 &&
    spool.sealedSegments().length === 0 &&
    !writer.busy &&
    rollups.idle;
  const app = await buildReceiver({
    spool,
    acceptor,
    writer,
    rollupPendingDays: () => rollups.pendingDays(),
    metrics,
    annotations: annotationStore(wh),
    tokens: cachedTokens(options.tokenFile ?? tokenFile()),
    clickhouseReachable: async () => (await wh.client.ping()).success,
    settled,
    metricsPublic: config.metricsPublic,
    bodyLimitBytes: config.bodyLimitBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    headersTimeoutMs: config.headersTimeoutMs,
    rateLimitPerMinute: config.rateLimitPerMinute,
    log,
  });
  writer.start();
  // Old months dropped once a day (ingest/retention/).
  const retention = startRetentionSchedule({ warehouse: whConfig, database: wh.database, log });
  const address = await app.listen({ host: config.host, port: config.port });
  let closing: Promise<boolean> | null = null;
  return {
    app,
    spool,
    writer,
    rollups,
    url: address,
    settled,
    shutdown() {
      closing ??= (async () => {
        await notifications.close();
        await retention.close();
        await app.close();
        await acceptor.close();
        const drained = await writer.drain(config.shutdownDeadlineMs);
        await rollups.close();
        await spool.close();
        await wh.close();
        return drained;
      })();
      return closing;
    },
  };
}
