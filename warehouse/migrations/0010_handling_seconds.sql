-- Completed visits per service, team, day and handling time in whole seconds: the multiset
-- of handling times itself, so the process-change evaluation (medians and a bootstrap over
-- the single cases) gives the same answer as over the raw events. Kept like 0005.

CREATE TABLE IF NOT EXISTS visit_handling_seconds_daily (
  site String,
  day Date,
  service String,
  team String,
  handle_seconds Int64,
  cases UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, service, team, handle_seconds);
