/**
 * What a failed read tells the person asking: 503 only when ClickHouse cannot be reached or
 * is overloaded (trying later helps), 422 when the data cannot answer the question (too
 * little history for a forecast), 500 for everything else — a bug, logged, no details out.
 */
import { InsufficientHistoryError } from '$queries/forecast/daily-model.ts';
import { WarehouseUnreachableError } from '$warehouse/client.ts';

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

function unreachable(err: unknown): boolean {
  if (err instanceof WarehouseUnreachableError) return true;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof e?.code === 'string' && (NETWORK_CODES.has(e.code) || OVERLOAD_CODES.has(e.code)))
    return true;
  if (
    typeof e?.message === 'string' &&
    /socket hang up|Timeout error|other side closed/i.test(e.message)
  )
    return true;
  return e?.cause !== undefined && e.cause !== err && unreachable(e.cause);
}

export function describeFailure(err: unknown): Failure {
  if (err instanceof InsufficientHistoryError) return { status: err.status, message: err.message };
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
