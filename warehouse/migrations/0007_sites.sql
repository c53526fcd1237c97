-- The site registry (domain/sites/sites.json): offices and 115 service centres. Replaced by
-- re-sending: the newest `version` per code wins. residents 0: not configured.

CREATE TABLE IF NOT EXISTS sites (
  code String,
  name String,
  kind Enum8('office' = 1, 'service-centre' = 2),
  state String,
  residents UInt32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY code;
