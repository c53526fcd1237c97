import { defineConfig } from 'vitest/config';
import { SECOND_ENGINE_FILES } from './test/support/engines.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The suite's own build (npm run build:test), never the one a running system serves.
    env: { LAGEBILD_DASHBOARD_BUILD: 'dashboard/build-test' },
    reporters: ['default', './test/support/engine-report.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/**/*.test.ts'],
          exclude: ['test/engines/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        // The current ClickHouse engine in each test process (npm chdb): every test that
        // reaches ClickHouse only from its own process runs here a second time, and the
        // cross-engine comparison (test/engines) runs once, against both.
        extends: true,
        test: {
          name: 'chdb',
          include: [...SECOND_ENGINE_FILES, 'test/engines/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          env: { LAGEBILD_ENGINE: 'chdb' },
        },
      },
    ],
  },
});
