-- The API key that caused each money movement, order, refund and app state
-- change (null: the platform's own jobs, or rows from before this column).
-- No foreign key: the audit value must survive whatever happens to the key row.
ALTER TABLE ledger_transactions ADD COLUMN acting_key_id UUID;
ALTER TABLE orders ADD COLUMN acting_key_id UUID;
ALTER TABLE refunds ADD COLUMN acting_key_id UUID;
ALTER TABLE app_state_changes ADD COLUMN acting_key_id UUID;
