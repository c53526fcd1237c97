import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The suite's own build (npm run build:test), never the one a running system serves.
    env: { LAGEBILD_DASHBOARD_BUILD: 'dashboard/build-test' },
  },
});
