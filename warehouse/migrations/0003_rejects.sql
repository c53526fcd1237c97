-- Every refused item with its raw text and reason (dead letters); shown on the data-quality page.

CREATE TABLE IF NOT EXISTS rejects (
  rejected_at DateTime('UTC'),
  source String,
  channel Enum8('api' = 1, 'file' = 2),
  file String,
  line UInt32,
  item_index UInt32,
  event_type String,
  event_id String,
  reason String,
  error String,
  raw String
) ENGINE = MergeTree()
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (source, rejected_at);
