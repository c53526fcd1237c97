-- Events per channel and day and how many of them reached the warehouse late (more than a
-- day after their local day ended), for the data-quality page. Kept like 0005.

CREATE TABLE IF NOT EXISTS event_arrivals_daily (
  site String,
  day Date,
  channel String,
  events UInt64,
  late UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, channel);
