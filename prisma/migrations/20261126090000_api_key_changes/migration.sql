-- Every API process caches active keys (ApiKeyCache) and listens on this
-- channel: a key updated (revoked) or deleted in any way, by the API or by
-- hand, is forgotten everywhere when the change commits; '*' (a TRUNCATE)
-- forgets them all.
CREATE FUNCTION api_keys_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_key_changes', CASE WHEN TG_OP = 'TRUNCATE' THEN '*' ELSE OLD.key_hash END);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_changed
AFTER UPDATE OR DELETE ON api_keys
FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();

CREATE TRIGGER api_keys_truncated
AFTER TRUNCATE ON api_keys
FOR EACH STATEMENT EXECUTE FUNCTION api_keys_notify_change();
