-- Monthly statements (SPEC.md 12.1).

-- The development signing key, when STATEMENT_SIGNING_KEY is not set: one row, whoever creates it first
-- (INSERT ... ON CONFLICT DO NOTHING, then read), written by the statements module only.
CREATE TABLE statement_signing_keys (
  slot             TEXT PRIMARY KEY CHECK (slot = 'development'),
  kid              TEXT NOT NULL UNIQUE,
  private_key_pem  TEXT NOT NULL,
  created_at       TIMESTAMPTZ(6) NOT NULL
);

-- A statement reads the account's bills settled during its month.
CREATE INDEX payg_bills_account_id_created_at_idx ON payg_bills (account_id, created_at);
