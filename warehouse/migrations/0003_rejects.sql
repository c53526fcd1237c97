-- Every refused item with its raw text and reason (dead letters), shown on the data-quality
-- page. `reject_id` is derived from the request or file and the item's position, so a
-- replayed spool segment or a re-imported file does not store a reject twice.

CREATE TABLE IF NOT EXISTS rejects (
  reject_id String,
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
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(rejected_at)
ORDER BY (source, rejected_at, reject_id);
