-- Duty roster, annotations (process changes) and the service catalog. All are replaced
-- by re-sending: the newest `version` per key wins.

CREATE TABLE IF NOT EXISTS roster (
  site String,
  date Date,
  team Enum8('melde-pass' = 1, 'kfz' = 2, 'fahrerlaubnis' = 3, 'haendler' = 4, 'empfang' = 5, 'ausgabe' = 6, 'partner' = 7, 'telefon' = 8, 'email' = 9),
  from_minute UInt16,
  to_minute UInt16,
  persons Float32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(date)
ORDER BY (site, date, team, from_minute, to_minute);

CREATE TABLE IF NOT EXISTS annotations (
  id String,
  date Date,
  title String,
  site String,
  team String,
  service String,
  deleted UInt8,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS service_catalog (
  code String,
  name String,
  domain Enum8('melde-pass' = 1, 'kfz' = 2, 'fahrerlaubnis' = 3, 'sonstiges' = 4),
  target_minutes Float32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY code;
