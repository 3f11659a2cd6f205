import { Injectable } from '@nestjs/common';
import { AccountService } from '../accounts/account.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { LedgerService } from '../ledger/ledger.service';
import { money } from '../money/money';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import type { Tx } from '../prisma/transaction';
import { OrderRepository } from './order.repository';
import { advancedCash } from './order.rules';
import type { NewOrder, Order, OrderPayment, PaymentOptions, PlacedOrder } from './order.types';

/**
 * The one place-order flow of prepaid purchases, renewals, upgrades and
 * pay-as-you-go activations. Under the client's Idempotency-Key, one
 * transaction runs the caller's own steps (price, checks, the plan and app
 * state changes) and `place` (pay from the wallet through the ledger, write the
 * order, its lines and its payment); after the commit the notices go out.
 */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly ledger: LedgerService,
    private readonly accounts: AccountService,
    private readonly idempotency: IdempotencyService,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  /**
   * Runs `work` (which places one order and returns its id) once per key: a
   * retry gets the same order. `afterCommit` runs after the commit, on a replay
   * too (e.g. enqueueing what the order needs, where a job id makes it a no-op).
   */
  async placeOnce(
    scope: string,
    key: string,
    request: unknown,
    work: (tx: Tx) => Promise<string>,
    afterCommit?: (order: Order) => Promise<void>,
  ): Promise<PlacedOrder> {
    const placed = await this.idempotency.runOnce(scope, key, request, work);
    const order = (await this.orders.find(placed.id))!;
    if (afterCommit) await afterCommit(order);
    // The payment wrote an order.paid event and may have raised a balance alert; app state changes feed the webhooks.
    if (!placed.replayed) await this.dispatcher.kick();
    return { order, replayed: placed.replayed };
  }

  /**
   * Pays the order from the wallet and writes it, its lines and its payment, in
   * the caller's transaction. INSUFFICIENT_BALANCE (with the shortfall) when the
   * wallet cannot cover it; an order of 0.00 takes no payment.
   */
  async place(tx: Tx, order: NewOrder, options: PaymentOptions = {}): Promise<void> {
    const payment = order.amount.gt(0) ? await this.pay(tx, order, options) : null;
    await this.orders.insert(tx, order);
    if (payment) await this.orders.insertPayment(tx, order.id, payment);
    if (order.kind === 'prepaid') await this.accounts.markFirstPaid(tx, order.accountId, order.createdAt);
  }

  private async pay(tx: Tx, order: NewOrder, options: PaymentOptions): Promise<OrderPayment> {
    const allowNegativeCash = options.allowNegativeCash ?? false;
    const paid = await this.ledger.pay(tx, {
      accountId: order.accountId,
      amount: order.amount,
      voucherIds: options.voucherIds,
      businessKey: `order:${order.id}`,
      reference: `order:${order.id}`,
      allowNegativeCash,
    });
    const advanced = allowNegativeCash ? advancedCash(paid.split.cash, await this.ledger.walletCash(tx, order.accountId)) : money(0);
    return {
      ledgerTransactionId: paid.id,
      voucher: paid.split.voucher,
      gift: paid.split.gift,
      cash: paid.split.cash,
      advanced,
      paidAt: order.createdAt,
    };
  }
}
