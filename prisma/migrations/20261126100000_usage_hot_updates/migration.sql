-- Every DAU report rewrites its snapshot row and its day's row. Kept as HOT
-- updates (in place on the page, no new index entries, dead versions pruned
-- without waiting for vacuum), they cost Postgres a fraction: the pages keep
-- room for new versions, and no index may cover a column that reports change.
-- The trial sweep's index on daily_usage (day) WHERE dau > 1000 covered dau and
-- made every update of a day's DAU a non-HOT one; the sweep now reads the day's
-- rows through a plain index on the day, once an hour.
-- (The fill factor applies to pages written from now on; a table filled before
-- this migration gets it at its next VACUUM FULL or pg_repack.)
DROP INDEX daily_usage_over_trial_limit_idx;
CREATE INDEX daily_usage_day_idx ON daily_usage (day);
ALTER TABLE dau_snapshots SET (fillfactor = 70);
ALTER TABLE daily_usage SET (fillfactor = 70);
