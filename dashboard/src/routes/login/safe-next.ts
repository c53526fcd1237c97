/**
 * Where to go after login: only a path of the dashboard itself, never another site. Browsers
 * read `/\host` and `/<TAB>/host` as `//host` (another host), so backslashes and control
 * characters, also percent-encoded, send the user to the start page instead.
 */
export function safeNext(next: string | null, origin: string): string {
  if (!next?.startsWith('/')) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(next + decoded)) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  const path = url.pathname + url.search + url.hash;
  // `/.//host` normalises to `//host`, which a browser would read as another host.
  return path.startsWith('//') ? '/' : path;
}
