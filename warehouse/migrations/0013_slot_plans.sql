-- The appointment system's slot plan and its failed booking searches (reference data,
-- imported from files). Minutes are Europe/Berlin local minutes of `date`; `service` is ''
-- when a row is not for one service. `version` is the import's receipt time (the file's
-- modification time).
--
-- A day's plan is the rows of its newest import only: readers keep, per (site, date), the
-- rows whose version is the highest of that day, so a re-import of a day replaces its whole
-- plan, also a row the new file no longer has. Importing the same file twice gives equal
-- keys and versions, which collapse.

CREATE TABLE IF NOT EXISTS slot_plans (
  site String,
  date Date,
  service String,
  from_minute UInt16,
  to_minute UInt16,
  slots UInt32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(date)
ORDER BY (site, date, service, from_minute, to_minute);

-- Booking searches that found no free slot, as the appointment system counts them per day
-- and service. A re-import replaces the count of (site, date, service).
CREATE TABLE IF NOT EXISTS failed_searches (
  site String,
  date Date,
  service String,
  searches UInt32,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(date)
ORDER BY (site, date, service);
