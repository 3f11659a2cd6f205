-- An operator's correction of a day's DAU (before the day closes): the day's
-- total is set to the corrected figure, which billing then uses; every
-- correction is kept with its reason, the figure it replaced and the key.
CREATE TABLE usage_corrections (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  app_id        UUID NOT NULL REFERENCES applications (id),
  day           DATE NOT NULL,
  previous_dau  INT,
  dau           INT NOT NULL CHECK (dau >= 0),
  reason        TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  acting_key_id UUID,
  at            TIMESTAMPTZ(6) NOT NULL
);
CREATE INDEX usage_corrections_app_day ON usage_corrections (app_id, day);
GRANT SELECT, INSERT ON usage_corrections TO push_billing_app;
