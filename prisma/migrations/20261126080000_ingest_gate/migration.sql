-- The shared side of the ingest gate, called by the ingest statement itself so
-- that a report costs one round trip and no explicit transaction. The lock is
-- held until the statement's own transaction ends. The function is VOLATILE on
-- purpose: its query then takes a fresh snapshot, after the lock is granted, and
-- sees a day closed while it waited (the calling statement's snapshot, taken
-- before the wait, would not).
CREATE FUNCTION ingest_gate_closed_through(gate_lock bigint) RETURNS date
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  through date;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(gate_lock);
  SELECT max(day) INTO through FROM settlement_chunks;
  RETURN through;
END
$$;

