/**
 * What a failed read tells the person asking: 503 only when ClickHouse cannot be reached or
 * is overloaded (trying later helps) or, on a cluster, when a shard cannot be reached (the
 * figures would be incomplete, so none are shown), 422 when the data cannot answer the
 * question (too little history for a forecast), 500 for everything else — a bug, logged, no
 * details out.
 */
import { InsufficientHistoryError } from '$queries/forecast/daily-model.ts';
import { WarehouseUnreachableError } from '$warehouse/client.ts';
import { serverErrorCode } from '$warehouse/error-code.ts';

export interface Failure {
  status: 422 | 500 | 503;
  message: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** ClickHouse error codes that mean "busy or over a limit now", not "wrong question". */
const OVERLOAD_CODES = new Set([
  '159', // TIMEOUT_EXCEEDED (the reader profile's time limit)
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '241', // MEMORY_LIMIT_EXCEEDED
]);

/**
 * Errors of the node asked about the other nodes of its cluster: it answered, but could not
 * reach every shard (or only replicas too far behind). With skip_unavailable_shards = 0 the
 * query fails instead of summing what it could reach (warehouse/cluster/settings.ts).
 */
const SHARD_UNAVAILABLE_CODES = new Set([
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR (connection refused by a node)
  '279', // ALL_CONNECTION_TRIES_FAILED (no replica of a shard answered)
  '369', // ALL_REPLICAS_ARE_STALE (fallback_to_stale_replicas_for_distributed_queries = 0)
]);

export const INCOMPLETE_MESSAGE =
  'Daten unvollständig: ein Teil des Clusters ist nicht erreichbar. Die Zahlen werden nicht gezeigt, solange sie unvollständig wären. Bitte später erneut versuchen.';

function shardUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = serverErrorCode(e);
  if (code !== undefined && SHARD_UNAVAILABLE_CODES.has(code)) return true;
  return e?.cause !== undefined && e.cause !== err && shardUnavailable(e.cause);
}

function unreachable(err: unknown): boolean {
  if (err instanceof WarehouseUnreachableError) return true;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const code = serverErrorCode(e);
  if (code !== undefined && (NETWORK_CODES.has(code) || OVERLOAD_CODES.has(code))) return true;
  if (
    typeof e?.message === 'string' &&
    /socket hang up|Timeout error|other side closed/i.test(e.message)
  )
    return true;
  return e?.cause !== undefined && e.cause !== err && unreachable(e.cause);
}

export function describeFailure(err: unknown): Failure {
  if (err instanceof InsufficientHistoryError) return { status: err.status, message: err.message };
  if (shardUnavailable(err)) return { status: 503, message: INCOMPLETE_MESSAGE };
  if (unreachable(err))
    return {
      status: 503,
      message: 'Die Datenbank antwortet nicht. Bitte später erneut versuchen.',
    };
  return {
    status: 500,
    message:
      'Interner Fehler. Er wurde protokolliert; bitte wenden Sie sich an die Administration.',
  };
}
