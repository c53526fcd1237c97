-- Online transactions (issue 18): one row per transaction of an online service, on the
-- Europe/Berlin day of `completed_at`, kept like the other event tables (0001): the highest
-- version wins, a key move leaves a `deleted = 1` tombstone under the old key.

CREATE TABLE IF NOT EXISTS online (
  id String,
  version UInt64,
  site String,
  day Date,
  completed_at DateTime('UTC'),
  service String,
  channel String,
  outcome String,
  deleted UInt8,
  ingested_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, id);

-- Online transactions per service and channel and day, for the online share; kept like the
-- daily rollups (0005), site '' holding all sites together.
CREATE TABLE IF NOT EXISTS online_daily (
  site String,
  day Date,
  service String,
  channel String,
  completed UInt64,
  aborted UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, service, channel);
