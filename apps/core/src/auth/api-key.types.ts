import type { Role } from './roles';

export interface ApiKeyRecord {
  id: string;
  /** Public: the `<key id>` of `pbk_<key id>_<secret>`, listed as `prefix`. */
  keyId: string;
  name: string;
  role: Role;
  /** The one account the key may see; null: every account (a platform key). */
  accountId: string | null;
  /** Ingest keys only: the regions whose apps it may report; null: all. */
  regions: string[] | null;
  createdAt: Date;
  /** Wall-clock end of the key; null: none. */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  bootstrap: boolean;
  rotatedTo: string | null;
}

/** A row as the lookup reads it: with its hash, compared by the caller. */
export type StoredApiKey = ApiKeyRecord & { keyHash: string; format: 'pbk' | 'token' };

export interface NewApiKey {
  id: string;
  keyId: string;
  name: string;
  role: Role;
  keyHash: string;
  format: 'pbk' | 'token';
  accountId: string | null;
  regions: string[] | null;
  expiresAt: Date | null;
  bootstrap?: boolean;
}
