-- The plan of a day's pay-as-you-go settlement: contiguous account-id ranges,
-- fixed once made so that a rerun after a crash settles exactly the same chunks.
CREATE TABLE settlement_chunks (
  day        DATE NOT NULL,
  chunk_no   INTEGER NOT NULL CHECK (chunk_no >= 0),
  after_id   UUID,
  up_to_id   UUID,
  bills      INTEGER,
  settled_at TIMESTAMPTZ(6),
  PRIMARY KEY (day, chunk_no)
);

-- Settlement reads only the running pay-as-you-go apps, by account.
CREATE INDEX applications_payg_active_idx ON applications (account_id) WHERE plan = 'payg' AND state = 'active';
