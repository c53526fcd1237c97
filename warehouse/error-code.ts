/**
 * The server's error code of a failed request: the client's, or, where it left it unset, the
 * one 18.16's messages begin with ("Code: 279, e.displayText() = …"; @clickhouse/client parses
 * only the newer format). Everything that classes ClickHouse errors reads the code here.
 */
export function serverErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.message === 'string' ? /^Code: (\d+)[,.]/.exec(e.message)?.[1] : undefined;
}
