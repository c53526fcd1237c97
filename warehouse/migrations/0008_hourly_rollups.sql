-- Contacts per UTC hour, per channel, for the weekday × hour heatmap and the hourly volumes.
-- Berlin's offset is a whole number of hours, so the local weekday and hour of an event are
-- those of its UTC hour start: both answers stay exact (the 25-hour autumn day included).
-- Kept like the daily rollups (0005): recomputed per touched day from the deduplicated raw
-- rows with a newer `version`, zero rows for vanished hours; read with FINAL.

CREATE TABLE IF NOT EXISTS contacts_hourly (
  site String,
  day Date,
  channel String,
  hour_start DateTime('UTC'),
  contacts UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, channel, hour_start);
