-- Visits per service and team and day (a visit with several services counts for each), for
-- the handling-time percentiles, trend and histogram and the unknown service codes of the
-- data-quality page. `h_00` … `h_12` count the handling times in 5-minute bins (the last
-- one open), so the histogram stays exact. Kept like the daily rollups (0005).

CREATE TABLE IF NOT EXISTS visit_services_daily (
  site String,
  day Date,
  service String,
  team String,
  visits UInt64,
  cases UInt64,
  handle_digest AggregateFunction(quantilesTDigest(0.5, 0.75, 0.9), Float64),
  wait_digest AggregateFunction(quantilesTDigest(0.5, 0.9), Float64),
  h_00 UInt64,
  h_01 UInt64,
  h_02 UInt64,
  h_03 UInt64,
  h_04 UInt64,
  h_05 UInt64,
  h_06 UInt64,
  h_07 UInt64,
  h_08 UInt64,
  h_09 UInt64,
  h_10 UInt64,
  h_11 UInt64,
  h_12 UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, service, team);
