import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { IdempotencyService, ReplayableAnswer } from '../idempotency/idempotency.service';
import type { LedgerTransactionRecord } from '../ledger/ledger.types';
import type { TopUpKind } from '../ledger/ledger.rules';
import { LedgerService } from '../ledger/ledger.service';
import { formatMoney } from '../money/money';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { ArrearsService } from './arrears.service';

/**
 * A top-up under the client's Idempotency-Key. In the same transaction, a
 * top-up that clears the arrears restores the pay-as-you-go apps suspended for
 * them (SPEC.md 7), so they push again the moment the money is in.
 */
@Injectable()
export class TopUpService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
    private readonly arrears: ArrearsService,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  async topUp<B>(
    accountId: string,
    amount: Decimal,
    kind: TopUpKind,
    key: string,
    answer: (transaction: LedgerTransactionRecord) => B,
  ): Promise<ReplayableAnswer<B>> {
    const request = { amount: formatMoney(amount), kind };
    const result = await this.idempotency.run(`top-up:${accountId}`, key, request, async (tx) => {
      const transaction = await this.ledger.topUp(accountId, amount, kind, `top-up:${accountId}:${key}`, tx);
      await this.arrears.restoreAccount(tx, accountId);
      return { status: 201, body: answer(transaction) };
    });
    // Restored apps feed the webhooks.
    if (!result.replayed) await this.dispatcher.kick();
    return result;
  }
}
