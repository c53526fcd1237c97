-- Daily rollups for the dashboard's fast path. Not materialized views: a view would count a
-- re-sent event before the merge removes the duplicate. Instead the writer recomputes every
-- (site, day) group of the days a flushed batch touched from the deduplicated raw rows and
-- inserts it with a newer `version`; a group that vanished gets a zero row. Read with FINAL.

CREATE TABLE IF NOT EXISTS visits_daily (
  site String,
  day Date,
  team String,
  visits UInt64,
  completed UInt64,
  services UInt64,
  with_appointment UInt64,
  no_shows UInt64,
  with_wait UInt64,
  waited_under_15 UInt64,
  with_handle UInt64,
  wait_digest AggregateFunction(quantilesTDigest(0.5, 0.75, 0.9), Float64),
  handle_digest AggregateFunction(quantilesTDigest(0.5, 0.75, 0.9), Float64),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, team);

CREATE TABLE IF NOT EXISTS calls_daily (
  site String,
  day Date,
  queue String,
  calls UInt64,
  short_abandons UInt64,
  answered UInt64,
  answered_in_target UInt64,
  abandoned UInt64,
  answer_seconds_sum Float64,
  handle_seconds_sum Float64,
  resolved_first_contact UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, queue);

CREATE TABLE IF NOT EXISTS emails_daily (
  site String,
  day Date,
  mailbox String,
  received UInt64,
  answered_within_24h UInt64,
  with_response UInt64,
  first_response_digest AggregateFunction(quantilesTDigest(0.5), Float64),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, mailbox);
