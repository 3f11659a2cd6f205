import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import type { Tx } from '../prisma/transaction';
import { UnitOfWork } from '../prisma/unit-of-work';
import { IdempotencyRepository } from './idempotency.repository';
import { IDEMPOTENCY_KEY_HEADER, isValidIdempotencyKey, requestHash } from './idempotency.rules';

export interface IdempotentAnswer<B = unknown> {
  status: number;
  body: B;
}

export type ReplayableAnswer<B = unknown> = IdempotentAnswer<B> & { replayed: boolean };

/**
 * Retried HTTP writes (top-ups, orders, refunds): the first request under a key
 * does the work and stores its answer in the same database transaction; a
 * retry with the same body gets that answer again, one with another body a 409.
 * A request whose work fails stores nothing, so it may be retried under the same key.
 *
 * This transaction is the money write's own (every money write requires a key,
 * SPEC.md 15), so the request's audit event is written in it too: committed
 * with the money, or rolled back with it (the refusal is then recorded after
 * the answer). A replay moves nothing and is recorded after its answer.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async run<B>(
    scope: string,
    key: string,
    requestBody: unknown,
    work: (tx: Tx) => Promise<IdempotentAnswer<B>>,
  ): Promise<ReplayableAnswer<B>> {
    if (!isValidIdempotencyKey(key)) {
      throw DomainError.validation(
        IDEMPOTENCY_KEY_HEADER,
        `${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 printable characters without spaces`,
      );
    }
    const hash = requestHash(requestBody);
    const result = await this.uow.run(async (tx): Promise<ReplayableAnswer<B>> => {
      if (!(await this.keys.claim(tx, scope, key, hash, this.clock.now()))) {
        const stored = (await this.keys.find(tx, scope, key))!;
        if (stored.requestHash !== hash) {
          throw new DomainError('IDEMPOTENCY_CONFLICT', `${IDEMPOTENCY_KEY_HEADER} ${key} was already used with another request body`, {
            field: IDEMPOTENCY_KEY_HEADER,
          });
        }
        return { status: stored.status, body: stored.body as B, replayed: true };
      }
      const answer = await work(tx);
      await this.keys.answer(tx, scope, key, answer.status, answer.body);
      await this.audit.recordWithin(tx, answer.status, answer.body);
      return { ...answer, replayed: false };
    });
    if (!result.replayed) this.audit.committed();
    return result;
  }

  /**
   * A write whose answer is built from an id it returns (renewals, upgrades,
   * refunds, activations, restores): `work` runs once per key, and a retry
   * gets that id again. `status` is the one the route answers with.
   */
  async runOnce(
    scope: string,
    key: string,
    requestBody: unknown,
    work: (tx: Tx) => Promise<string>,
    status = 201,
  ): Promise<{ id: string; replayed: boolean }> {
    const answer = await this.run(scope, key, requestBody, async (tx) => ({ status, body: await work(tx) }));
    return { id: answer.body, replayed: answer.replayed };
  }
}
