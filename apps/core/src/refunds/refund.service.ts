import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import { addMonths } from '../subscriptions/subscription.rules';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { LedgerService } from '../ledger/ledger.service';
import { AppStateService } from '../lifecycle/app-state.service';
import { suspensionNotice } from '../lifecycle/app.notices';
import { money } from '../money/money';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { NoticeService } from '../notifications/notice.service';
import { OrderService } from '../orders/order.service';
import type { Order } from '../orders/order.types';
import { PriceBookService } from '../pricing/price-book.service';
import type { PriceBook } from '../pricing/price-book';
import type { Priced } from '../pricing/pricing.rules';
import type { RefundType } from '../pricing/quote.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Tx } from '../prisma/transaction';
import { SubscriptionService } from '../subscriptions/subscription.service';
import type { Subscription } from '../subscriptions/subscription.types';
import { refundDone } from './refund.notices';
import { RefundRepository } from './refund.repository';
import type { RefundRecord } from './refund.types';
import {
  RefundDecision,
  RefundableOrder,
  noQuestionsDecision,
  refundRefusal,
  standardDecision,
  standardRefundTerms,
  usedPeriod,
} from './refund.rules';

interface Decided {
  decision: RefundDecision;
  order: Order;
  subscription: Subscription;
  /** The subscription's orders the refund marks refunded. */
  paidOrderIds: string[];
}

export interface PlacedRefund {
  refund: RefundRecord;
  replayed: boolean;
}

/**
 * Refunds of prepaid plans (SPEC.md 9): the once-per-account no-questions
 * refund and the standard refund, cash and gift credit back to the wallet in
 * the proportion paid, vouchers kept. A refund ends the subscription and
 * suspends the app, in the same transaction as the money. Operators can block
 * the refunds of an order flagged as abuse.
 */
@Injectable()
export class RefundService {
  constructor(
    private readonly refunds: RefundRepository,
    private readonly orders: OrderService,
    private readonly subscriptions: SubscriptionService,
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly ledger: LedgerService,
    private readonly priceBooks: PriceBookService,
    private readonly notices: NoticeService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly idempotency: IdempotencyService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What `refund` would give back now, or its refusal (POST /v1/quotes by reference). Writes nothing. */
  async quote(orderId: string, type: RefundType): Promise<Priced<object>> {
    // One transaction for the reads, so the decision sees one state of the order and its subscription.
    const { decision } = await this.uow.run((tx) => this.decide(tx, orderId, type, false));
    return { amount: decision.amount, breakdown: decision.breakdown };
  }

  /** With an Idempotency-Key a retry gets the same refund; without one a retry is refused as already refunded. */
  async refund(orderId: string, type: RefundType, idempotencyKey: string): Promise<PlacedRefund> {
    const placed = await this.idempotency.runOnce(`orders/refund:${orderId}`, idempotencyKey, { type }, (tx) =>
      this.refundIn(tx, orderId, type),
    );
    if (!placed.replayed) await this.dispatcher.kick();
    return { refund: (await this.refunds.find(placed.id))!, replayed: placed.replayed };
  }

  /** Operators (ops, admin) block the refunds of an order flagged as abuse; the first reason given stands. */
  async block(orderId: string, reason: string): Promise<Order> {
    const order = await this.orders.find(orderId);
    if (!order) throw DomainError.notFound('order', orderId);
    if (order.kind !== 'prepaid')
      throw new DomainError('INVALID_STATE', `order ${orderId} is not prepaid: only prepaid orders are refunded`);
    if (order.status !== 'paid') throw new DomainError('INVALID_STATE', `order ${orderId} is ${order.status}`);
    await this.orders.blockRefund(orderId, reason, this.clock.now());
    return (await this.orders.find(orderId))!;
  }

  private async refundIn(tx: Tx, orderId: string, type: RefundType): Promise<string> {
    const { decision, order, subscription, paidOrderIds } = await this.decide(tx, orderId, type, true);
    if (decision.amount.isZero()) {
      throw new DomainError(
        'REFUND_NOT_ALLOWED',
        `nothing would come back in cash or gift credit (refund ${decision.amount.toFixed(2)}); the plan keeps running`,
        {
          reason: 'nothing_to_refund',
        },
      );
    }
    const at = this.clock.now();
    const day = billingDate(at, this.config.billingTz);
    const transaction = await this.ledger.refund(tx, {
      accountId: order.accountId,
      cash: decision.cash,
      gift: decision.gift,
      businessKey: `refund:${order.id}`,
      reference: `order:${order.id}`,
    });
    const refund = await this.refunds.insert(tx, {
      id: randomUUID(),
      orderId: order.id,
      accountId: order.accountId,
      type,
      amount: decision.amount,
      cash: decision.cash,
      gift: decision.gift,
      forfeitedVoucher: decision.forfeitedVoucher,
      ledgerTransactionId: transaction.id,
      breakdown: JSON.parse(JSON.stringify(decision.breakdown)),
      createdAt: at,
    });
    await this.orders.markRefunded(tx, paidOrderIds);
    await this.subscriptions.close(tx, [subscription.id], 'refunded', at);
    const suspended = await this.states.transition(
      tx,
      [subscription.appId],
      { from: ['deploying', 'active', 'grace'], plans: ['prepaid'], to: 'suspended', reason: 'refunded' },
      at,
    );
    await this.notices.raiseMany(
      tx,
      [refundDone(refund, subscription.appId, day), ...suspended.map((app) => suspensionNotice(app, 'refunded', day))],
      at,
    );
    return refund.id;
  }

  /**
   * The refund of the order's subscription as of today, or its refusal. With
   * `lock`, under the account's lock (one refund decision per account at a
   * time: the no-questions refund is once per account) and the subscription's.
   */
  private async decide(tx: Tx, orderId: string, type: RefundType, lock: boolean): Promise<Decided> {
    const order = await this.orders.findIn(tx, orderId);
    if (!order) throw DomainError.notFound('order', orderId);
    if (lock) await this.apps.lockAccount(tx, order.accountId);
    const today = billingDate(this.clock.now(), this.config.billingTz);
    let subscription: Subscription | null = null;
    if (order.subscriptionId) {
      subscription = lock
        ? await this.subscriptions.lock(tx, order.subscriptionId)
        : await this.subscriptions.findIn(tx, order.subscriptionId);
    }
    const orders = subscription ? (await this.orders.listForSubscription(tx, subscription.id)).map((o) => this.refundable(o)) : [];
    const refusal = refundRefusal({
      order: {
        id: order.id,
        kind: order.kind,
        purpose: order.purpose,
        status: order.status,
        boughtOn: billingDate(order.createdAt, this.config.billingTz),
      },
      subscriptionStatus: subscription?.status ?? null,
      orders,
      type,
      today,
      book: await this.bookOf(order.priceBookVersion, today),
      noQuestionsUsed: await this.refunds.hasNoQuestionsRefund(tx, order.accountId),
    });
    if (refusal) throw new DomainError('REFUND_NOT_ALLOWED', refusal.message, { reason: refusal.reason });
    const decision =
      type === 'no-questions'
        ? noQuestionsDecision(orders.find((o) => o.id === order.id)!)
        : await this.standard(tx, subscription!, orders, today);
    return { decision, order, subscription: subscription!, paidOrderIds: orders.filter((o) => o.status === 'paid').map((o) => o.id) };
  }

  private async standard(tx: Tx, subscription: Subscription, orders: RefundableOrder[], today: string): Promise<RefundDecision> {
    const terms = standardRefundTerms(orders, today);
    // The current period is consumed at the prices and under the policy it was bought with.
    const book = await this.bookOf(terms.current?.priceBookVersion ?? null, today);
    let partialDaysDau: number[] | undefined;
    if (terms.current && book.partialMonthPolicy === 'payg') {
      const { fullMonths } = usedPeriod(terms.current.serviceStartsOn, today);
      partialDaysDau = await this.refunds.dailyDau(tx, subscription.appId, addMonths(terms.current.serviceStartsOn, fullMonths), today);
    }
    return standardDecision(book, subscription.region, terms, today, partialDaysDau);
  }

  private async bookOf(version: string | null, today: string): Promise<PriceBook> {
    return version ? this.priceBooks.version(version) : this.priceBooks.effectiveOn(today);
  }

  private refundable(order: Order): RefundableOrder {
    const payment = order.payment;
    return {
      id: order.id,
      purpose: order.purpose,
      status: order.status,
      amount: order.amount,
      units: order.units!,
      months: order.months,
      serviceStartsOn: order.serviceStartsOn!,
      serviceEndsOn: order.serviceEndsOn!,
      boughtOn: billingDate(order.createdAt, this.config.billingTz),
      priceBookVersion: order.priceBookVersion!,
      paid: { cash: payment?.cash ?? money(0), gift: payment?.gift ?? money(0), voucher: payment?.voucher ?? money(0) },
      refundBlocked: order.refundBlocked !== null,
      refundBlockReason: order.refundBlocked?.reason ?? null,
    };
  }
}
