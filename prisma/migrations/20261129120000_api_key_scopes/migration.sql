-- Keys of the form pbk_<key id>_<secret>: the key id is public (listed,
-- logged, used to find the row and to key rate limits); only the secret's
-- sha256 is stored. Keys issued before this format (pb_<secret>) and the
-- bootstrap key (ADMIN_API_KEY, any string the operator chose) keep working:
-- they are found by the sha256 of the whole token (format 'token').
-- The old key_prefix was the first 8 characters of the secret itself: it is
-- replaced by a public id derived from the row id, so no part of a secret
-- stays in the table.
ALTER TABLE api_keys
  ADD COLUMN key_id       TEXT,
  ADD COLUMN format       TEXT NOT NULL DEFAULT 'token' CHECK (format IN ('pbk', 'token')),
  ADD COLUMN account_id   UUID REFERENCES accounts (id),
  ADD COLUMN regions      TEXT[] CHECK (regions IS NULL OR cardinality(regions) > 0),
  ADD COLUMN expires_at   TIMESTAMPTZ(6),
  ADD COLUMN last_used_at TIMESTAMPTZ(6),
  ADD COLUMN bootstrap    BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN rotated_to   UUID REFERENCES api_keys (id);

UPDATE api_keys SET key_id = substr(replace(id::text, '-', ''), 1, 16);
UPDATE api_keys SET bootstrap = true WHERE name = 'bootstrap admin (ADMIN_API_KEY)';
ALTER TABLE api_keys ALTER COLUMN key_id SET NOT NULL;
ALTER TABLE api_keys ALTER COLUMN key_id SET DEFAULT substr(replace(gen_random_uuid()::text, '-', ''), 1, 16);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_key_id_key UNIQUE (key_id);
UPDATE api_keys SET key_prefix = key_id;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_regions_ingest CHECK (regions IS NULL OR role = 'ingest');

-- Caches forget a key only when something that decides access changes: the
-- batched last_used_at writes must not flush every process's cache.
DROP TRIGGER api_keys_changed ON api_keys;
CREATE TRIGGER api_keys_changed
AFTER UPDATE OF key_hash, role, revoked_at, expires_at, account_id, regions ON api_keys
FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();
CREATE TRIGGER api_keys_deleted
AFTER DELETE ON api_keys
FOR EACH ROW EXECUTE FUNCTION api_keys_notify_change();
