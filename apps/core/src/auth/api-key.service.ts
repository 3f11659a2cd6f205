import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { UnitOfWork } from '../prisma/unit-of-work';
import { newApiKey, readPresentedKey, sameHash } from './api-key.format';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRepository } from './api-key.repository';
import type { ApiKeyRecord, NewApiKey } from './api-key.types';
import { DEFAULT_GRACE_SECONDS, graceEnd, isExpired, KeyScopes, scopeRefusal } from './api-key.rules';
import { ApiKeyUsage } from './api-key.usage';
import type { Role } from './roles';

/** Tokens nobody holds are remembered this long, so a flood of them costs no database lookups. */
const UNKNOWN_TTL_MS = 5_000;
const MAX_UNKNOWN = 10_000;

/**
 * Key lifetimes are wall-clock time, not the billing clock: moving a
 * simulated clock must neither end a key nor bring an expired one back.
 */
const wallNow = () => new Date();

export interface NewKeyRequest {
  name: string;
  role: Role;
  accountId?: string | null;
  regions?: string[] | null;
  expiresAt?: Date | null;
}

@Injectable()
export class ApiKeyService {
  private readonly unknown = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cache: ApiKeyCache,
    private readonly usage: ApiKeyUsage,
    private readonly uow: UnitOfWork,
  ) {}

  /** The plain key is returned here once and never stored: only its secret's sha256. */
  async create(request: NewKeyRequest): Promise<ApiKeyRecord & { key: string }> {
    const scopes: KeyScopes = {
      role: request.role,
      accountId: request.accountId ?? null,
      regions: request.regions ?? null,
      expiresAt: request.expiresAt ?? null,
    };
    const refusal = scopeRefusal(scopes, wallNow());
    if (refusal) throw DomainError.validation(refusal.field, refusal.message);
    if (scopes.accountId && !(await this.keys.accountExists(scopes.accountId))) {
      throw new DomainError('VALIDATION_FAILED', `account ${scopes.accountId} not found`, { field: 'accountId' });
    }
    const fresh = newApiKey();
    const record = await this.keys.insert({
      id: randomUUID(),
      keyId: fresh.keyId,
      name: request.name,
      keyHash: readPresentedKey(fresh.key).hash,
      format: 'pbk',
      ...scopes,
    });
    return { ...record, key: fresh.key };
  }

  /** ADMIN_API_KEY becomes the one bootstrap key: a changed value replaces the previous one. */
  async bootstrapAdmin(key: string): Promise<void> {
    const presented = readPresentedKey(key);
    const replacement: NewApiKey = {
      id: randomUUID(),
      keyId: randomUUID().replace(/-/g, '').slice(0, 16),
      name: 'bootstrap admin (ADMIN_API_KEY)',
      role: 'admin',
      keyHash: presented.hash,
      format: presented.keyId ? 'pbk' : 'token',
      accountId: null,
      regions: null,
      expiresAt: null,
    };
    await this.uow.bulk((tx) => this.keys.replaceBootstrap(tx, replacement, wallNow()));
  }

  /**
   * The active key a token stands for, or null. Cached (ApiKeyCache); tokens
   * that match nothing are remembered for a few seconds, so guessing costs
   * no database round trip per attempt. No write here: usage is batched.
   */
  async authenticate(token: string): Promise<ApiKeyRecord | null> {
    const presented = readPresentedKey(token);
    const unknownUntil = this.unknown.get(presented.hash);
    if (unknownUntil !== undefined) {
      if (unknownUntil > Date.now()) return null;
      this.unknown.delete(presented.hash);
    }
    const stored = await this.cache.get(presented.hash, async () => {
      const row = await this.keys.findActive(presented.keyId, presented.hash);
      return row && sameHash(row.keyHash, presented.hash) ? row : null;
    });
    if (!stored || (presented.keyId !== null && stored.keyId !== presented.keyId)) {
      this.rememberUnknown(presented.hash);
      return null;
    }
    if (isExpired(stored, wallNow())) return null;
    this.usage.touch(stored.id);
    const { keyHash: _hash, format: _format, ...record } = stored;
    return record;
  }

  async list(limit: number, after: { createdAt: Date; id: string } | null): Promise<ApiKeyRecord[]> {
    return this.keys.list(limit, after);
  }

  /** A successor with the same name and scopes; the old key works until the grace period ends. */
  async rotate(id: string, graceSeconds = DEFAULT_GRACE_SECONDS): Promise<ApiKeyRecord & { key: string }> {
    const fresh = newApiKey();
    const now = wallNow();
    const successor = { id: randomUUID(), keyId: fresh.keyId, keyHash: readPresentedKey(fresh.key).hash, format: 'pbk' as const };
    const rotated = await this.uow.bulk((tx) => this.keys.rotate(tx, id, successor, graceEnd(now, graceSeconds), now));
    if (rotated === 'absent') throw DomainError.notFound('active API key', id);
    if (rotated === 'rotated') throw new DomainError('INVALID_STATE', `API key ${id} was already rotated; rotate its successor`);
    this.cache.forget(rotated.oldHash);
    return { ...rotated.created, key: fresh.key };
  }

  /** Forgotten here before the answer; other processes forget it when Postgres notifies them. */
  async revoke(id: string): Promise<void> {
    const keyHash = await this.keys.revoke(id, wallNow());
    if (!keyHash) throw DomainError.notFound('API key', id);
    this.cache.forget(keyHash);
  }

  private rememberUnknown(hash: string): void {
    if (this.unknown.size >= MAX_UNKNOWN) this.unknown.delete(this.unknown.keys().next().value!);
    this.unknown.set(hash, Date.now() + UNKNOWN_TTL_MS);
  }
}
