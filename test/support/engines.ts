/**
 * The test files that also run on the current ClickHouse engine (npm chdb, in the test
 * process): those that reach ClickHouse only from their own process — migrations, the whole
 * write path (inserts, key moves, tombstones, rollups, importers, the ingest service) and the
 * query modules. Files that start a dashboard, an ingest process or `serve` stay on the
 * server: the embedded engine has one data folder per process and no users.
 */
export const SECOND_ENGINE_FILES = [
  'test/integration/migrations.test.ts',
  'test/integration/literal.test.ts',
  'test/integration/insert-error-class.test.ts',
  'test/integration/insert-events.test.ts',
  'test/integration/rollup-maintainer.test.ts',
  'test/integration/import.test.ts',
  'test/integration/ingest-receiver.test.ts',
  'test/integration/demo-load.test.ts',
  'test/integration/summary.test.ts',
  'test/integration/queries.test.ts',
  'test/integration/staffing-backcast.test.ts',
  'test/integration/live-day.test.ts',
  'test/integration/briefing-outlook.test.ts',
  'test/integration/rollups-year-queries.test.ts',
  'test/integration/retention.test.ts',
  'test/integration/issuances.test.ts',
  'test/integration/appointments.test.ts',
  'test/integration/network.test.ts',
  'test/integration/online.test.ts',
  'test/integration/online-effect.test.ts',
  'test/integration/rollups-daily-reads.test.ts',
];
