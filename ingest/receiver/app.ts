/**
 * The HTTP receiver: POST /v1/events exactly as design.md specifies, GET /v1/health and
 * GET /metrics. A 202 is sent only after the spool has fsync'd the accepted rows.
 */
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { TokenEntry } from '../auth/token-store.ts';
import { verifyToken } from '../auth/token-store.ts';
import type { Acceptor } from '../pipeline/accept-pool.ts';
import type { BatchWriter } from '../writer/batch-writer.ts';
import type { IngestMetrics } from '../metrics.ts';
import { SpoolDiskError, SpoolFullError, type Spool } from '../spool/spool.ts';

export interface ReceiverOptions {
  spool: Spool;
  /** Parses and validates bodies, on worker threads or inline. */
  acceptor: Acceptor;
  writer: BatchWriter;
  /** Days whose rollups still have to be recomputed (they lag the raw rows a little). */
  rollupPendingDays: () => number;
  metrics: IngestMetrics;
  tokens: () => readonly TokenEntry[];
  clickhouseReachable: () => Promise<boolean>;
  bodyLimitBytes: number;
  /** Requests per minute and token. */
  rateLimitPerMinute: number;
  logger?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenEntry;
  }
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export async function buildReceiver(opts: ReceiverOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimitBytes });
  const { spool, writer, metrics } = opts;

  // Bodies are parsed by our own step (line and column on errors, NDJSON per line).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', ...NDJSON_TYPES],
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );

  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    keyGenerator: (req) => req.token?.name ?? req.ip,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `rate limit: ${ctx.max} requests per minute and token`,
    }),
  });

  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    metrics.requests.inc({ status: String(status) });
    reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
  });

  app.post(
    '/v1/events',
    {
      config: { rateLimit: { max: opts.rateLimitPerMinute, timeWindow: 60_000 } },
      // Authenticate before the body is read, so unauthenticated clients cannot make us buffer it.
      onRequest: async (req, reply) => {
        const token = bearer(req);
        const entry = token ? verifyToken(token, 'ingest', opts.tokens()) : undefined;
        if (!entry) {
          metrics.requests.inc({ status: '401' });
          return reply
            .code(401)
            .header('WWW-Authenticate', 'Bearer')
            .send({ error: 'missing or unknown ingest token' });
        }
        req.token = entry;
      },
    },
    async (req, reply) => {
      const receivedAtMs = Date.now();
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const isNdjson = NDJSON_TYPES.includes(
        (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
      );
      const token = req.token!;
      const outcome = await opts.acceptor.run({
        body,
        ndjson: isNdjson,
        batchId: `${token.name}:${randomUUID()}`,
        source: token.source,
        receivedAtMs,
      });
      if (!outcome.ok) {
        metrics.requests.inc({ status: '400' });
        return reply.code(400).send({
          error: outcome.error.message,
          line: outcome.error.line,
          column: outcome.error.column,
        });
      }
      try {
        await spool.append({ receivedAtMs, blocks: outcome.blocks });
      } catch (err) {
        if (err instanceof SpoolFullError || err instanceof SpoolDiskError) {
          metrics.requests.inc({ status: '503' });
          return reply
            .code(503)
            .header('Retry-After', err instanceof SpoolFullError ? '5' : '30')
            .send({
              error:
                err instanceof SpoolFullError
                  ? 'spool full, ClickHouse is behind: retry later'
                  : 'spool disk failing: retry later',
            });
        }
        throw err;
      }
      writer.poke();
      for (const [type, n] of Object.entries(outcome.acceptedByTable))
        metrics.accepted.inc({ source: token.source, type }, n);
      for (const [reason, n] of Object.entries(outcome.rejectedByReason))
        metrics.rejected.inc({ source: token.source, reason }, n);
      metrics.requests.inc({ status: '202' });
      return reply.code(202).send({ accepted: outcome.accepted, rejected: outcome.answers });
    },
  );

  app.get('/v1/health', async (_req, reply) => {
    const stats = spool.stats();
    const reachable = await opts.clickhouseReachable();
    const dead = spool.deadSegments().length;
    const last = writer.lastFlush;
    const healthy = reachable && dead === 0;
    return reply.code(healthy ? 200 : 503).send({
      status: healthy ? 'ok' : 'degraded',
      clickhouse: { reachable, lastError: writer.lastError },
      spool: {
        rows: stats.lines,
        bytes: stats.bytes,
        segments: stats.segments,
        oldestUnflushedAgeSeconds:
          stats.oldestAt === null ? 0 : Math.round((Date.now() - stats.oldestAt) / 1000),
        deadSegments: dead,
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

  app.get('/metrics', async (_req, reply) => {
    const stats = spool.stats();
    metrics.spoolBytes.set(stats.bytes);
    metrics.spoolLines.set(stats.lines);
    metrics.deadSegments.set(spool.deadSegments().length);
    return reply
      .header('Content-Type', metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });

  return app;
}
