-- Every write request, allowed or refused: who (key), what (method and route
-- pattern, resource), for whom (account), from where, with which outcome.
-- Append-only: a trigger refuses every update, delete and truncate, whoever
-- asks (the least-privilege role cannot drop the trigger either).
CREATE TABLE audit_events (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  key_id        UUID,
  key_name      TEXT,
  role          TEXT,
  action        TEXT NOT NULL,
  resource_type TEXT,
  resource_id   TEXT,
  account_id    UUID,
  request_id    TEXT,
  ip            TEXT,
  status        INT NOT NULL
);
CREATE INDEX audit_events_account ON audit_events (account_id, id DESC);
CREATE INDEX audit_events_key ON audit_events (key_id, id DESC);
CREATE INDEX audit_events_at ON audit_events (at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_events_no_update_or_delete
BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate
BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
