import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Application } from '../applications/application.types';
import { ApplicationsService } from '../applications/applications.service';
import type { Role } from '../auth/roles';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { AppStateService } from '../lifecycle/app-state.service';
import { OrderPlacementService } from '../orders/order-placement.service';
import type { PaymentOptions, PlacedOrder } from '../orders/order.types';
import { OrderService } from '../orders/order.service';
import { prepaidOrder } from '../orders/prepaid-order';
import type { PriceBook } from '../pricing/price-book';
import { PriceBookService } from '../pricing/price-book.service';
import { PricingRuleError, prepaidPrice } from '../pricing/pricing.rules';
import type { Tx } from '../prisma/transaction';
import { addMonths, renewalRefusal } from './subscription.rules';
import { SubscriptionRepository } from './subscription.repository';
import type { Subscription } from './subscription.types';

export type AutoRenewal = 'renewed' | 'advanced' | 'not_covered' | 'not_on_sale';

/**
 * Renewals (SPEC.md 6): a renewal always extends from E, whenever it is paid,
 * and brings an app in grace (or, by an operator, one suspended for expiry)
 * back to `active`. Auto-renewal runs at E; when the balance does not cover
 * it, a never-suspend account is renewed anyway on money the platform
 * advances (its cash goes negative: arrears).
 */
@Injectable()
export class RenewalService {
  private readonly logger = new Logger(RenewalService.name);

  constructor(
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly subscriptions: SubscriptionRepository,
    private readonly orders: OrderService,
    private readonly placement: OrderPlacementService,
    private readonly priceBooks: PriceBookService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With an Idempotency-Key a retry gets the same order; without one a retry renews again. */
  async renew(subscriptionId: string, months: number, role: Role, idempotencyKey: string): Promise<PlacedOrder> {
    return this.placement.placeOnce(`subscriptions/renewal:${subscriptionId}`, idempotencyKey, { months }, (tx) =>
      this.renewIn(tx, subscriptionId, months, role),
    );
  }

  /**
   * Auto-renewal of a subscription due on `day` (its E or later), for the
   * duration of its latest term, inside the caller's transaction, which holds
   * the subscription's lock. A refused payment writes nothing, so the caller's
   * transaction goes on whatever the outcome.
   */
  async autoRenewIn(tx: Tx, subscription: Subscription, app: Application, day: string): Promise<AutoRenewal> {
    const terms = (await this.orders.listForSubscription(tx, subscription.id)).filter(
      (order) => order.purpose !== 'upgrade' && order.months,
    );
    const months = terms[terms.length - 1].months!;
    const book = await this.priceBooks.effectiveOn(day);
    try {
      await this.extend(tx, subscription, app, months, book, {});
      return 'renewed';
    } catch (error) {
      if (error instanceof PricingRuleError) {
        this.logger.warn({ msg: 'auto-renewal impossible: the duration is not on sale', subscriptionId: subscription.id, months });
        return 'not_on_sale';
      }
      if (!(error instanceof DomainError && error.code === 'INSUFFICIENT_BALANCE')) throw error;
      if (!(await this.subscriptions.buyingAccount(tx, subscription.accountId))!.neverSuspend) return 'not_covered';
      await this.extend(tx, subscription, app, months, book, { allowNegativeCash: true });
      return 'advanced';
    }
  }

  private async renewIn(tx: Tx, subscriptionId: string, months: number, role: Role): Promise<string> {
    const subscription = await this.subscriptions.lock(tx, subscriptionId);
    if (!subscription) throw DomainError.notFound('subscription', subscriptionId);
    const app = (await this.apps.findIn(tx, subscription.appId))!;
    const refusal = renewalRefusal(subscription, app, role);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    const book = await this.priceBooks.effectiveOn(billingDate(this.clock.now(), this.config.billingTz));
    return this.extend(tx, subscription, app, months, book, {});
  }

  /** Pays `months` more from E and moves E; an app in grace or suspended for expiry runs again. */
  private async extend(
    tx: Tx,
    subscription: Subscription,
    app: Application,
    months: number,
    book: PriceBook,
    payment: PaymentOptions,
  ): Promise<string> {
    const now = this.clock.now();
    const price = prepaidPrice(book, subscription.region, subscription.units, months);
    const from = subscription.expiresOn;
    const to = addMonths(from, months);
    const orderId = randomUUID();
    await this.placement.place(
      tx,
      prepaidOrder({
        id: orderId,
        accountId: subscription.accountId,
        appId: subscription.appId,
        subscriptionId: subscription.id,
        purpose: 'renewal',
        amount: price.amount,
        priceBookVersion: book.version,
        units: subscription.units,
        months,
        serviceStartsOn: from,
        serviceEndsOn: to,
        needsProvisioning: false,
        createdAt: now,
        line: {
          description: `prepaid renewal: ${subscription.units} unit(s) x ${months} month(s) from ${from}`,
          unitPrice: price.breakdown.unitPrice,
          discount: price.breakdown.discount,
        },
      }),
      payment,
    );
    if (!(await this.subscriptions.extend(tx, subscription.id, from, to, now))) {
      throw new DomainError('INVALID_STATE', `subscription ${subscription.id} changed during the renewal; retry`);
    }
    if (app.state === 'grace') {
      await this.states.transition(tx, [app.id], { from: ['grace'], plans: ['prepaid'], to: 'active', reason: 'renewed' }, now);
    }
    if (app.state === 'suspended') {
      await this.states.transition(
        tx,
        [app.id],
        { from: ['suspended'], plans: ['prepaid'], suspensionReasons: ['expired'], to: 'active', reason: 'renewed_by_operator' },
        now,
      );
    }
    return orderId;
  }
}
