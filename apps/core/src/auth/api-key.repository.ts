import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Role } from './roles';

export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(key: { id: string; name: string; role: Role; keyHash: string; keyPrefix: string }): Promise<ApiKeyRecord> {
    return (await this.prisma.apiKey.create({ data: key })) as ApiKeyRecord;
  }

  /** Inserts the key unless its hash is already known (a revoked bootstrap key stays revoked). */
  async insertIfAbsent(key: { id: string; name: string; role: Role; keyHash: string; keyPrefix: string }): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO api_keys (id, name, role, key_hash, key_prefix)
      VALUES (${key.id}::uuid, ${key.name}, ${key.role}, ${key.keyHash}, ${key.keyPrefix})
      ON CONFLICT (key_hash) DO NOTHING`;
  }

  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    return (await this.prisma.apiKey.findFirst({ where: { keyHash, revokedAt: null } })) as ApiKeyRecord | null;
  }

  /** Returns false when there is no such key; revoking twice is harmless. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const key = await this.prisma.apiKey.findUnique({ where: { id } });
    if (!key) return false;
    await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return true;
  }
}
