import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The built handler is served by `lagebild dashboard` / `serve`, which read LAGEBILD_PORT and
    // LAGEBILD_HOST; the adapter's own server and its env prefix are not used.
    adapter: adapter({ out: 'build', envPrefix: 'LAGEBILD_KIT_' }),
    alias: {
      $queries: '../queries',
      $warehouse: '../warehouse',
      $ingest: '../ingest',
      $calendar: '../calendar',
      $server: './server',
    },
    csrf: { trustedOrigins: [] },
  },
};

export default config;
