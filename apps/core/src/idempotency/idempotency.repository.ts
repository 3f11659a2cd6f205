import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import type { Tx } from '../prisma/transaction';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

@Injectable()
export class IdempotencyRepository {
  /**
   * Takes the key for this transaction. A concurrent holder makes the insert
   * wait for its commit (then false: the key is answered) or its rollback
   * (then true: the key is ours). The placeholder answer is never committed.
   */
  async claim(tx: Tx, scope: string, key: string, requestHash: string, at: Date): Promise<boolean> {
    const inserted = await tx.$executeRaw`
      INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at)
      VALUES (${scope}, ${key}, ${requestHash}, 0, '{}'::jsonb, ${at})
      ON CONFLICT (scope, key) DO NOTHING`;
    return inserted === 1;
  }

  async find(tx: Tx, scope: string, key: string): Promise<StoredAnswer | null> {
    const row = await tx.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    return row ? { requestHash: row.requestHash, status: row.responseStatus, body: row.responseBody } : null;
  }

  async answer(tx: Tx, scope: string, key: string, status: number, body: unknown): Promise<void> {
    await tx.idempotencyKey.update({
      where: { scope_key: { scope, key } },
      data: { responseStatus: status, responseBody: body as Prisma.InputJsonValue },
    });
  }
}
