-- Vouchers expire at the end of their expires_on day: what remains leaves the wallet in a
-- ledger transaction of its own kind, so statements can show vouchers expired apart from other movements.
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
  CHECK (kind IN ('top_up', 'voucher_grant', 'voucher_expiry', 'payment', 'refund', 'adjustment'));

-- The daily expiry reads only vouchers that still hold money, by their last day.
CREATE INDEX vouchers_expiring_idx ON vouchers (expires_on, id) WHERE remaining > 0;
