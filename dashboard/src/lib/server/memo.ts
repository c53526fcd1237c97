/**
 * A small time-bounded cache for results that are costly to compute and change only when
 * new data arrives for their period (the process-change bootstrap): the first request pays,
 * the next ones within `ttlMs` are answered from memory.
 */
export function memoize<A, R>(
  fn: (arg: A) => Promise<R>,
  keyOf: (arg: A) => string,
  ttlMs: number,
  maxEntries = 200,
) {
  const cache = new Map<string, { at: number; value: Promise<R> }>();
  return (arg: A): Promise<R> => {
    const key = keyOf(arg);
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = fn(arg);
    // A failed computation is not remembered.
    value.catch(() => cache.delete(key));
    cache.set(key, { at: Date.now(), value });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  };
}
