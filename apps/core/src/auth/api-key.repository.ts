import { Injectable } from '@nestjs/common';
import { PgPoolService } from '../prisma/pg-pool.service';
import type { BulkTx } from '../prisma/unit-of-work';
import type { ApiKeyRecord, NewApiKey, StoredApiKey } from './api-key.types';

const COLUMNS = `id::text, key_id AS "keyId", name, role, account_id::text AS "accountId", regions,
  created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt",
  bootstrap, rotated_to::text AS "rotatedTo"`;

function publicRecord(row: StoredApiKey): ApiKeyRecord {
  const { keyHash: _hash, format: _format, ...record } = row;
  return record;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly pg: PgPoolService) {}

  async insert(key: NewApiKey): Promise<ApiKeyRecord> {
    const [row] = await this.pg.query<StoredApiKey>(
      `INSERT INTO api_keys (id, key_id, name, role, key_hash, key_prefix, format, account_id, regions, expires_at, bootstrap)
       VALUES ($1, $2, $3, $4, $5, $2, $6, $7, $8, $9, $10)
       RETURNING ${COLUMNS}, key_hash AS "keyHash", format`,
      [key.id, key.keyId, key.name, key.role, key.keyHash, key.format, key.accountId, key.regions, key.expiresAt, key.bootstrap ?? false],
    );
    return publicRecord(row);
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.pg.query(`SELECT 1 FROM accounts WHERE id = $1`, [accountId])).length > 0;
  }

  /**
   * The bootstrap key becomes this one: inserted unless its hash is already
   * known (a revoked or expired bootstrap key stays so), and every other
   * bootstrap key still active is revoked (ADMIN_API_KEY was changed).
   */
  async replaceBootstrap(tx: BulkTx, key: NewApiKey, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO api_keys (id, key_id, name, role, key_hash, key_prefix, format, bootstrap)
         VALUES ($1, $2, $3, $4, $5, $2, $6, true) ON CONFLICT (key_hash) DO NOTHING`,
      [key.id, key.keyId, key.name, key.role, key.keyHash, key.format],
    );
    await tx.query(`UPDATE api_keys SET revoked_at = $2 WHERE bootstrap AND revoked_at IS NULL AND key_hash <> $1`, [key.keyHash, at]);
  }

  /**
   * On a cache miss (ApiKeyCache), with plain `pg` (a quarter of the CPU of
   * the same lookup through Prisma). A pbk key is found by its public id, an
   * older token by its hash; the caller compares the hash.
   */
  async findActive(keyId: string | null, keyHash: string): Promise<StoredApiKey | null> {
    const [row] = keyId
      ? await this.pg.query<StoredApiKey>(
          `SELECT ${COLUMNS}, key_hash AS "keyHash", format FROM api_keys WHERE key_id = $1 AND format = 'pbk' AND revoked_at IS NULL`,
          [keyId],
        )
      : await this.pg.query<StoredApiKey>(
          `SELECT ${COLUMNS}, key_hash AS "keyHash", format FROM api_keys WHERE key_hash = $1 AND format = 'token' AND revoked_at IS NULL`,
          [keyHash],
        );
    return row ?? null;
  }

  /** Newest first, after the cursor's (createdAt, id), compared at the milliseconds a cursor carries. */
  async list(limit: number, after: { createdAt: Date; id: string } | null, accountId?: string): Promise<ApiKeyRecord[]> {
    return this.pg.query<ApiKeyRecord>(
      `SELECT ${COLUMNS} FROM api_keys
       WHERE ($2::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) < ($2::timestamptz, $3::uuid))
         AND ($4::uuid IS NULL OR account_id = $4::uuid)
       ORDER BY date_trunc('milliseconds', created_at) DESC, id DESC LIMIT $1`,
      [limit, after?.createdAt ?? null, after?.id ?? null, accountId ?? null],
    );
  }

  /** The revoked key's hash, or null when there is no such key; revoking twice is harmless. */
  async revoke(id: string, at: Date): Promise<string | null> {
    const [row] = await this.pg.query<{ keyHash: string }>(
      `WITH found AS (SELECT id, key_hash FROM api_keys WHERE id = $1),
            revoked AS (UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL)
       SELECT key_hash AS "keyHash" FROM found`,
      [id, at],
    );
    return row?.keyHash ?? null;
  }

  /**
   * The successor of a key, inserted with the old key's name and scopes, and
   * the old key ending at `graceEnd` (or earlier if it already ended sooner).
   * Null: no such active key. The old key's hash comes back for the cache.
   */
  async rotate(
    tx: BulkTx,
    id: string,
    successor: Omit<NewApiKey, 'name' | 'role' | 'accountId' | 'regions' | 'expiresAt'>,
    graceEnd: Date,
    now: Date,
  ): Promise<{ created: ApiKeyRecord; oldHash: string } | 'absent' | 'rotated'> {
    const { rows } = await tx.query<StoredApiKey>(
      `SELECT ${COLUMNS}, key_hash AS "keyHash", format FROM api_keys
       WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) FOR UPDATE`,
      [id, now],
    );
    const old = rows[0];
    if (!old) return 'absent';
    if (old.rotatedTo) return 'rotated';
    const inserted = await tx.query<StoredApiKey>(
      `INSERT INTO api_keys (id, key_id, name, role, key_hash, key_prefix, format, account_id, regions, expires_at)
       VALUES ($1, $2, $3, $4, $5, $2, $6, $7, $8, $9)
       RETURNING ${COLUMNS}, key_hash AS "keyHash", format`,
      [successor.id, successor.keyId, old.name, old.role, successor.keyHash, successor.format, old.accountId, old.regions, old.expiresAt],
    );
    await tx.query(`UPDATE api_keys SET rotated_to = $2, expires_at = LEAST(COALESCE(expires_at, 'infinity'), $3) WHERE id = $1`, [
      id,
      successor.id,
      graceEnd,
    ]);
    return { created: publicRecord(inserted.rows[0]), oldHash: old.keyHash };
  }

  /** Batched usage marks: one statement for every key used since the last flush. */
  async markUsed(uses: Map<string, Date>): Promise<void> {
    await this.pg.query(
      `UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE k.id = u.id`,
      [[...uses.keys()], [...uses.values()]],
    );
  }
}
