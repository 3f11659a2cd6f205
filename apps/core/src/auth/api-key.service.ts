import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import type { Role } from './roles';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly cache: ApiKeyCache,
    private readonly clock: Clock,
  ) {}

  /** The plain key is returned here once and never stored. */
  async create(name: string, role: Role): Promise<ApiKeyRecord & { key: string }> {
    const key = `pb_${randomBytes(32).toString('base64url')}`;
    const record = await this.keys.insert({
      id: randomUUID(),
      name,
      role,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 8),
    });
    return { ...record, key };
  }

  async bootstrapAdmin(key: string): Promise<void> {
    await this.keys.insertIfAbsent({
      id: randomUUID(),
      name: 'bootstrap admin (ADMIN_API_KEY)',
      role: 'admin',
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 8),
    });
  }

  async authenticate(key: string): Promise<ApiKeyRecord | null> {
    const keyHash = hashApiKey(key);
    return this.cache.get(keyHash, () => this.keys.findActiveByHash(keyHash));
  }

  /** Forgotten here before the answer; other processes forget it when Postgres notifies them. */
  async revoke(id: string): Promise<void> {
    const keyHash = await this.keys.revoke(id, this.clock.now());
    if (!keyHash) throw DomainError.notFound('API key', id);
    this.cache.forget(keyHash);
  }
}
