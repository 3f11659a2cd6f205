-- Operator restores (SPEC.md 3 and 7): the words the operator gave (the acting key has its own
-- column since 20261129123000_acting_keys), and the day from which a restored trial app's DAU is
-- checked against the limit again.
ALTER TABLE app_state_changes ADD COLUMN note TEXT CHECK (length(note) <= 500);
ALTER TABLE applications ADD COLUMN trial_check_resumes_on DATE;
