-- Contact events. Identity is (type, id): one table per type, `id` from the source.
-- ReplacingMergeTree keeps the highest `version` per sort key; readers deduplicate with FINAL
-- or argMax (see queries/). `day` is the Europe/Berlin day the event belongs to (KPI
-- definitions in design.md), computed at ingest. If a newer version moves an event to
-- another day or site, the writer stores a `deleted = 1` tombstone under the old key.
-- Times are UTC.

CREATE TABLE IF NOT EXISTS visits (
  id String,
  version UInt64,
  site String,
  day Date,
  arrived_at Nullable(DateTime('UTC')),
  called_at Nullable(DateTime('UTC')),
  started_at Nullable(DateTime('UTC')),
  ended_at Nullable(DateTime('UTC')),
  booked_at Nullable(DateTime('UTC')),
  slot_start Nullable(DateTime('UTC')),
  team Enum8('melde-pass' = 1, 'kfz' = 2, 'fahrerlaubnis' = 3, 'haendler' = 4, 'empfang' = 5, 'ausgabe' = 6, 'partner' = 7),
  desk String,
  agent String,
  services Array(String),
  persons UInt16,
  outcome Enum8('completed' = 1, 'no_show' = 2, 'cancelled' = 3, 'referred' = 4, 'left' = 5),
  deleted UInt8,
  ingested_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, id);

CREATE TABLE IF NOT EXISTS calls (
  id String,
  version UInt64,
  site String,
  day Date,
  offered_at DateTime('UTC'),
  answered_at Nullable(DateTime('UTC')),
  ended_at Nullable(DateTime('UTC')),
  queue String,
  talk_seconds Nullable(UInt32),
  hold_seconds Nullable(UInt32),
  wrap_seconds Nullable(UInt32),
  transferred Nullable(UInt8),
  resolved_first_contact Nullable(UInt8),
  callback_requested Nullable(UInt8),
  topic String,
  deleted UInt8,
  ingested_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, id);

CREATE TABLE IF NOT EXISTS emails (
  id String,
  version UInt64,
  site String,
  day Date,
  received_at DateTime('UTC'),
  first_response_at Nullable(DateTime('UTC')),
  closed_at Nullable(DateTime('UTC')),
  mailbox String,
  topic String,
  resolved Nullable(UInt8),
  deleted UInt8,
  ingested_at DateTime('UTC')
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, id);
