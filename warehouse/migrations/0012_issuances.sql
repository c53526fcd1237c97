-- Monthly issuances of identity documents per site (reference data from the registry's
-- statistics), the input of the renewal waves. `month` is the first day of the month.
-- Replaced by re-importing: the newest `version` per (site, document, month) wins.

CREATE TABLE IF NOT EXISTS issuances (
  site String,
  month Date,
  document Enum8('personalausweis' = 1, 'reisepass' = 2, 'fuehrerschein-umtausch' = 3),
  issued UInt32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYear(month)
ORDER BY (site, document, month);
