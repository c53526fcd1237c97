/**
 * Headers every answer of the dashboard carries, static files and error pages included (the
 * node server sets them before SvelteKit runs). The Content-Security-Policy itself comes
 * from SvelteKit (`kit.csp` in svelte.config.js), which hashes its own inline bootstrap
 * script; these are the ones it does not set.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
