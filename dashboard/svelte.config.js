import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The output folder, as dashboard/server/build-dir.ts reads it: LAGEBILD_DASHBOARD_BUILD
// (relative to the project; the test suite builds into its own) or dashboard/build.
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(projectRoot, process.env.LAGEBILD_DASHBOARD_BUILD || 'dashboard/build');

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The built handler is served by `lagebild dashboard` / `serve`, which read LAGEBILD_PORT and
    // LAGEBILD_HOST; the adapter's own server and its env prefix are not used.
    adapter: adapter({ out, envPrefix: 'LAGEBILD_KIT_' }),
    alias: {
      $queries: '../queries',
      $warehouse: '../warehouse',
      $ingest: '../ingest',
      $calendar: '../calendar',
      $domain: '../domain',
      $config: '../config',
      $maths: '../maths',
      $auth: '../auth',
      $server: './server',
    },
    csrf: { trustedOrigins: [] },
    // No inline script but SvelteKit's own bootstrap, which it hashes; inline styles stay
    // allowed because ECharts and Svelte set style attributes.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
