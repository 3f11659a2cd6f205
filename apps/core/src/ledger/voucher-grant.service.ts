import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { IdempotencyService, ReplayableAnswer } from '../idempotency/idempotency.service';
import { formatMoney } from '../money/money';
import { LedgerService, VoucherGrant } from './ledger.service';

/**
 * A voucher grant under an optional Idempotency-Key: with one, a retry with
 * the same body gets the first answer and grants nothing twice; without one,
 * every call grants a voucher.
 */
@Injectable()
export class VoucherGrantService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async grant<B>(
    accountId: string,
    amount: Decimal,
    expiresOn: string,
    key: string | undefined,
    answer: (grant: VoucherGrant) => B,
  ): Promise<ReplayableAnswer<B>> {
    if (key === undefined)
      return { status: 201, body: answer(await this.ledger.grantVoucher(accountId, amount, expiresOn)), replayed: false };
    const request = { amount: formatMoney(amount), expiresOn };
    return this.idempotency.run(`voucher:${accountId}`, key, request, async (tx) => ({
      status: 201,
      body: answer(await this.ledger.grantVoucher(accountId, amount, expiresOn, tx)),
    }));
  }
}
