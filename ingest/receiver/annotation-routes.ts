/**
 * POST /v1/annotations (create or update: one annotation of the contract, stored as its
 * newest version) and DELETE /v1/annotations/:id (a tombstone version). The dashboard writes
 * annotations here, so it needs no ClickHouse user that may write. Only annotate tokens are
 * let in: an ingest token speaks for a source system (queue, telephony, mail) and has no
 * business rewriting the controlling's notes, and an annotate token cannot send events.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_SCOPES, verifyToken, type TokenEntry } from '../../auth/token-store.ts';
import { annotationSchema } from '../../domain/contract/annotation.ts';
import {
  SUMMARISED_ISSUES,
  summariseIssues,
  validateWith,
  type ContractIssue,
} from '../../domain/contract/event.ts';
import { MAX_ERROR_CHARS } from '../pipeline/accept.ts';
import { clip } from '../pipeline/parse-body.ts';
import type { AnnotationStore } from './annotation-store.ts';
import { bearer } from './status-routes.ts';

export interface AnnotationRouteOptions {
  store: AnnotationStore;
  tokens: () => readonly TokenEntry[];
  /** Requests per minute and token. */
  rateLimitPerMinute: number;
  log: (msg: string) => void;
}

/** An annotation is well under 2 KB; a body far beyond that is no annotation. */
export const ANNOTATION_BODY_LIMIT_BYTES = 16 * 1024;
/** Longest path or message of one issue in an answer (a path may be any key a client sent). */
const MAX_ISSUE_CHARS = 200;

/** 400 naming what was wrong: the first issues with their fields, the rest counted. */
function refusal(issues: readonly ContractIssue[]) {
  return {
    error: clip(summariseIssues(issues), MAX_ERROR_CHARS),
    issues: issues.slice(0, SUMMARISED_ISSUES).map((i) => ({
      path: clip(i.path, MAX_ISSUE_CHARS),
      message: clip(i.message, MAX_ISSUE_CHARS),
      reason: i.reason,
    })),
  };
}

function isJson(req: FastifyRequest): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/** The body as JSON, or the parser's complaint. */
function parseBody(body: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: `body is not JSON: ${(err as Error).message}` };
  }
}

export async function registerAnnotationRoutes(
  app: FastifyInstance,
  opts: AnnotationRouteOptions,
): Promise<void> {
  // Its own context, so its errors are not counted as answers to POST /v1/events.
  await app.register(async (scope) => {
    scope.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
      reply.code(status).send({ error: status === 500 ? 'internal error' : err.message });
    });

    // Before the body is read, so an unauthenticated client cannot make us buffer it.
    const authorise = async (req: FastifyRequest, reply: FastifyReply) => {
      const presented = bearer(req);
      const entry = presented ? verifyToken(presented, TOKEN_SCOPES, opts.tokens()) : undefined;
      if (!entry)
        return reply
          .code(401)
          .header('WWW-Authenticate', 'Bearer')
          .send({ error: 'missing or unknown annotate token' });
      if (entry.scope !== 'annotate')
        return reply.code(403).send({
          error: `a ${entry.scope} token may not write annotations; use an annotate token`,
        });
      req.token = entry;
    };

    /** Runs a write; when ClickHouse fails, 503 says nothing was stored. */
    const written = async <T>(reply: FastifyReply, what: string, write: () => Promise<T>) => {
      try {
        return { ok: true as const, value: await write() };
      } catch (err) {
        opts.log(`Anmerkung nicht geschrieben, ClickHouse: ${(err as Error).message}`);
        reply
          .code(503)
          .header('Retry-After', '5')
          .send({ error: `ClickHouse unavailable: annotation not ${what}, retry later` });
        return { ok: false as const };
      }
    };

    const route = {
      config: { rateLimit: { max: opts.rateLimitPerMinute, timeWindow: 60_000 } },
      onRequest: authorise,
      bodyLimit: ANNOTATION_BODY_LIMIT_BYTES,
    };

    scope.post('/v1/annotations', route, async (req, reply) => {
      if (!isJson(req))
        return reply.code(415).send({ error: 'expected Content-Type: application/json' });
      const body = parseBody(req.body);
      if (!body.ok) return reply.code(400).send({ error: body.error });
      const v = validateWith(annotationSchema, body.value);
      if (!v.ok) return reply.code(400).send(refusal(v.issues));
      const done = await written(reply, 'stored', () => opts.store.save(v.value));
      if (done.ok) return reply.code(200).send({ id: v.value.id, version: done.value });
    });

    scope.delete<{ Params: { id: string } }>('/v1/annotations/:id', route, async (req, reply) => {
      const id = annotationSchema.shape.id.safeParse(req.params.id);
      if (!id.success)
        return reply
          .code(400)
          .send(refusal([{ path: 'id', message: id.error.issues[0]!.message, reason: 'schema' }]));
      const done = await written(reply, 'deleted', () => opts.store.remove(id.data));
      if (!done.ok) return;
      if (done.value === null)
        return reply.code(404).send({ error: `no annotation with id "${id.data}"` });
      return reply.code(200).send({ id: id.data, deleted: true, version: done.value });
    });
  });
}
