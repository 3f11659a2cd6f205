import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { IdempotencyService } from '../idempotency/idempotency.service';
import type { TopUpKind } from '../ledger/ledger.rules';
import { LedgerService } from '../ledger/ledger.service';
import type { LedgerTransactionRecord } from '../ledger/ledger.types';
import { formatMoney } from '../money/money';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { ArrearsService } from './arrears.service';

export interface PlacedTopUp {
  transaction: LedgerTransactionRecord;
  /** True when the Idempotency-Key was answered before: no money moved again. */
  replayed: boolean;
}

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

  async topUp(accountId: string, amount: Decimal, kind: TopUpKind, key: string): Promise<PlacedTopUp> {
    const request = { amount: formatMoney(amount), kind };
    const businessKey = `top-up:${accountId}:${key}`;
    const placed = await this.idempotency.runOnce(`top-up:${accountId}`, key, request, async (tx) => {
      const transaction = await this.ledger.topUp(accountId, amount, kind, businessKey, tx);
      await this.arrears.restoreAccount(tx, accountId);
      return transaction.id;
    });
    // Restored apps feed the webhooks.
    if (!placed.replayed) await this.dispatcher.kick();
    // Read back by its business key (a ledger transaction never changes), whatever form the key's stored answer has.
    return { transaction: (await this.ledger.findTransaction(businessKey))!, replayed: placed.replayed };
  }
}
