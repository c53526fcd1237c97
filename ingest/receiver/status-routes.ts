/**
 * GET /v1/health and GET /metrics. Without a token, health tells only ok or degraded (a
 * load balancer needs no more); the details and `/metrics` name sources and internals, so
 * they need an ingest or metrics token (`/metrics`: a metrics token, unless made public).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifyToken, type TokenEntry, type TokenScope } from '../../auth/token-store.ts';
import type { IngestMetrics } from '../metrics.ts';
import type { Spool } from '../spool/spool.ts';
import type { BatchWriter } from '../writer/batch-writer.ts';

export interface StatusOptions {
  spool: Spool;
  writer: BatchWriter;
  metrics: IngestMetrics;
  tokens: () => readonly TokenEntry[];
  clickhouseReachable: () => Promise<boolean>;
  rollupPendingDays: () => number;
  /** Everything spooled is in ClickHouse and the rollups include it. */
  settled: () => boolean;
  metricsPublic: boolean;
}

const DETAIL_SCOPES: readonly TokenScope[] = ['ingest', 'metrics'];
/** Unauthenticated health checks share one ClickHouse ping per this long. */
const PING_REUSE_MS = 1_000;

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** One ping for all callers within `PING_REUSE_MS`, so a flood of checks cannot flood ClickHouse. */
function sharedPing(ping: () => Promise<boolean>): () => Promise<boolean> {
  let last: { at: number; result: Promise<boolean> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > PING_REUSE_MS)
      last = { at: Date.now(), result: ping().catch(() => false) };
    return last.result;
  };
}

export function registerStatusRoutes(app: FastifyInstance, opts: StatusOptions): void {
  const { spool, writer, metrics } = opts;
  const reachable = sharedPing(opts.clickhouseReachable);
  const tokenOf = (req: FastifyRequest, scopes: TokenScope | readonly TokenScope[]) => {
    const presented = bearer(req);
    return presented ? verifyToken(presented, scopes, opts.tokens()) : undefined;
  };

  app.get('/v1/health', async (req, reply) => {
    const isReachable = await reachable();
    const dead = spool.deadSegments().length;
    const healthy = isReachable && dead === 0;
    const status = healthy ? 'ok' : 'degraded';
    reply.code(healthy ? 200 : 503);
    if (!tokenOf(req, DETAIL_SCOPES)) return reply.send({ status });
    const stats = spool.stats();
    const last = writer.lastFlush;
    return reply.send({
      status,
      settled: opts.settled(),
      clickhouse: { reachable: isReachable, lastError: writer.lastError },
      spool: {
        rows: stats.lines,
        bytes: stats.bytes,
        segments: stats.segments,
        oldestUnflushedAgeSeconds:
          stats.oldestAt === null ? 0 : Math.round((Date.now() - stats.oldestAt) / 1000),
        deadSegments: dead,
        lastError: spool.lastError,
      },
      rollups: { pendingDays: opts.rollupPendingDays() },
      lastFlush: last && {
        at: new Date(last.at).toISOString(),
        trigger: last.trigger,
        rows: last.rows,
        durationMs: Math.round(last.durationMs),
        outcome: last.outcome,
      },
    });
  });

  app.get('/metrics', async (req, reply) => {
    if (!opts.metricsPublic && !tokenOf(req, 'metrics'))
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: 'missing or unknown metrics token' });
    const stats = spool.stats();
    metrics.spoolBytes.set(stats.bytes);
    metrics.spoolLines.set(stats.lines);
    metrics.deadSegments.set(spool.deadSegments().length);
    return reply
      .header('Content-Type', metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
}
