-- The hourly trial sweep looks for today's days over the free-trial limit:
-- without this it reads the whole usage table.
CREATE INDEX daily_usage_over_trial_limit_idx ON daily_usage (day) WHERE dau > 1000;
