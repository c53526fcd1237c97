-- Passport and ID applications per day and team for the seasonality page's summer rush: a
-- completed visit with any passport/ID service counts once (visit_services_daily would count
-- a visit once per service and counts every visit, not the completed ones). Kept like the
-- daily rollups (0005), site '' holding all sites together.

CREATE TABLE IF NOT EXISTS passport_applications_daily (
  site String,
  day Date,
  team String,
  applications UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (site, day, team);
