-- Operator restores (SPEC.md 3 and 7): the key that made a lifecycle move and the words it gave,
-- and the day from which a restored trial app's DAU is checked against the limit again.
ALTER TABLE app_state_changes ADD COLUMN acting_key_id UUID;
ALTER TABLE app_state_changes ADD COLUMN note TEXT CHECK (length(note) <= 500);
ALTER TABLE applications ADD COLUMN trial_check_resumes_on DATE;
