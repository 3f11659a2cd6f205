import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { LedgerService } from '../ledger/ledger.service';
import { money } from '../money/money';
import { OrderService } from '../orders/order.service';
import type { OrderPayment } from '../orders/order.types';
import type { Tx } from '../prisma/transaction';
import { advancedCash } from './subscription.rules';
import { SubscriptionRepository } from './subscription.repository';

/** A prepaid order about to be paid: a purchase, a renewal or an upgrade of one subscription. */
export interface PrepaidOrderDraft {
  id: string;
  accountId: string;
  appId: string;
  subscriptionId: string;
  purpose: 'purchase' | 'renewal' | 'upgrade';
  amount: Decimal;
  priceBookVersion: string;
  units: number;
  /** Null for an upgrade: it buys units, not time. */
  months: number | null;
  serviceStartsOn: string;
  serviceEndsOn: string;
  /** A purchase is provisioned by a job; renewals and upgrades run on what is deployed. */
  needsProvisioning: boolean;
  createdAt: Date;
  line: { description: string; unitPrice: Decimal | null; discount: Decimal | null };
}

export interface PaymentOptions {
  /** Named vouchers, spent first. */
  voucherIds?: string[];
  /** Never-suspend auto-renewal: cash may go negative, the platform advancing what it lacks. */
  allowNegativeCash?: boolean;
}

/** Pays a prepaid order from the wallet and writes it, its line and its payment, all in the caller's transaction. */
@Injectable()
export class PrepaidOrderWriter {
  constructor(
    private readonly orders: OrderService,
    private readonly ledger: LedgerService,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  /** INSUFFICIENT_BALANCE (with the shortfall) when the wallet cannot cover it; an order of 0.00 takes no payment. */
  async payAndRecord(tx: Tx, draft: PrepaidOrderDraft, options: PaymentOptions = {}): Promise<void> {
    const payment = draft.amount.gt(0) ? await this.pay(tx, draft, options) : null;
    await this.orders.insert(tx, {
      id: draft.id,
      accountId: draft.accountId,
      kind: 'prepaid',
      purpose: draft.purpose,
      status: 'paid',
      amount: draft.amount,
      priceBookVersion: draft.priceBookVersion,
      appId: draft.appId,
      subscriptionId: draft.subscriptionId,
      units: draft.units,
      months: draft.months,
      serviceStartsOn: draft.serviceStartsOn,
      serviceEndsOn: draft.serviceEndsOn,
      provisioningStatus: draft.needsProvisioning ? 'pending' : null,
      createdAt: draft.createdAt,
      lines: [
        {
          lineNo: 1,
          appId: draft.appId,
          description: draft.line.description,
          units: draft.units,
          months: draft.months,
          unitPrice: draft.line.unitPrice,
          discount: draft.line.discount,
          amount: draft.amount,
        },
      ],
    });
    if (payment) await this.orders.insertPayment(tx, draft.id, payment);
    await this.subscriptions.markFirstPaid(tx, draft.accountId, draft.createdAt);
  }

  private async pay(tx: Tx, draft: PrepaidOrderDraft, options: PaymentOptions): Promise<OrderPayment> {
    const allowNegativeCash = options.allowNegativeCash ?? false;
    const paid = await this.ledger.pay(tx, {
      accountId: draft.accountId,
      amount: draft.amount,
      voucherIds: options.voucherIds,
      businessKey: `order:${draft.id}`,
      reference: `order:${draft.id}`,
      allowNegativeCash,
    });
    const advanced = allowNegativeCash ? advancedCash(paid.split.cash, await this.subscriptions.walletCash(tx, draft.accountId)) : money(0);
    return {
      ledgerTransactionId: paid.id,
      voucher: paid.split.voucher,
      gift: paid.split.gift,
      cash: paid.split.cash,
      advanced,
      paidAt: draft.createdAt,
    };
  }
}
