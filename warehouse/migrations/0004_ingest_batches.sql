-- One row per accepted request or imported file: where events came from, how many were
-- kept and refused. Feeds "last event per source" on the data-quality page. Keyed by
-- batch_id, so a replayed spool segment counts a batch once.

CREATE TABLE IF NOT EXISTS ingest_batches (
  batch_id String,
  received_at DateTime('UTC'),
  source String,
  channel Enum8('api' = 1, 'file' = 2),
  file String,
  accepted UInt32,
  rejected UInt32,
  bytes UInt64
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(received_at)
ORDER BY (source, received_at, batch_id);
