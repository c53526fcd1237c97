/**
 * The HTTP receiver: POST /v1/events exactly as design.md specifies, GET /v1/health and
 * GET /metrics (status-routes.ts), and the annotations the dashboard writes
 * (annotation-routes.ts). A 202 is sent only after the spool has fsync'd the accepted rows.
 */
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TokenEntry } from '../../auth/token-store.ts';
import { verifyToken } from '../../auth/token-store.ts';
import type { Acceptor } from '../pipeline/accept-pool.ts';
import type { BatchWriter } from '../writer/batch-writer.ts';
import type { IngestMetrics } from '../metrics.ts';
import { SpoolDiskError, SpoolFullError, type Spool } from '../spool/spool.ts';
import type { AnnotationStore } from './annotation-store.ts';
import { registerAnnotationRoutes } from './annotation-routes.ts';
import { bearer, registerStatusRoutes } from './status-routes.ts';

export interface ReceiverOptions {
  spool: Spool;
  /** Parses and validates bodies, on worker threads or inline. */
  acceptor: Acceptor;
  writer: BatchWriter;
  /** Days whose rollups still have to be recomputed (they lag the raw rows a little). */
  rollupPendingDays: () => number;
  metrics: IngestMetrics;
  /** Where POST and DELETE /v1/annotations write. */
  annotations: AnnotationStore;
  tokens: () => readonly TokenEntry[];
  clickhouseReachable: () => Promise<boolean>;
  /** Everything spooled is in ClickHouse and the rollups include it (health's `settled`). */
  settled: () => boolean;
  /** `/metrics` without a metrics token. */
  metricsPublic: boolean;
  bodyLimitBytes: number;
  /** Time to send a whole request (headers and body) and its headers; then 408, closed. */
  bodyTimeoutMs: number;
  headersTimeoutMs: number;
  /** Requests per minute and token. */
  rateLimitPerMinute: number;
  logger?: boolean;
  log?: (msg: string) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    token?: TokenEntry;
  }
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

export async function buildReceiver(opts: ReceiverOptions): Promise<FastifyInstance> {
  // Node's own timeouts cut a client that trickles its request off (408, socket closed)
  // without holding anyone else up; checked often enough that the limit is the limit.
  const headersTimeout = Math.min(opts.headersTimeoutMs, opts.bodyTimeoutMs);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes,
    requestTimeout: opts.bodyTimeoutMs,
    // An annotation id may be 128 characters, each up to 12 when percent-encoded.
    routerOptions: { maxParamLength: 2_048 },
    http: {
      headersTimeout,
      requestTimeout: opts.bodyTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 4)),
    },
  });
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
    // Names are unique only within a scope.
    keyGenerator: (req) => (req.token ? `${req.token.scope}:${req.token.name}` : req.ip),
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

  await registerAnnotationRoutes(app, {
    store: opts.annotations,
    tokens: opts.tokens,
    rateLimitPerMinute: opts.rateLimitPerMinute,
    log: opts.log ?? console.error,
  });

  registerStatusRoutes(app, {
    spool,
    writer,
    metrics,
    tokens: opts.tokens,
    clickhouseReachable: opts.clickhouseReachable,
    rollupPendingDays: opts.rollupPendingDays,
    settled: opts.settled,
    metricsPublic: opts.metricsPublic,
  });

  return app;
}
