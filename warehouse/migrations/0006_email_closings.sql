-- Email threads per receipt day and local day of closing, so the backlog at the end of any
-- day (received so far minus closed so far) comes from two small rollups instead of a scan
-- of every thread ever received. Recomputed with emails_daily for the receipt days touched.

CREATE TABLE IF NOT EXISTS emails_closed_daily (
  site String,
  day Date,
  closed_day Date,
  closed UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, closed_day);
