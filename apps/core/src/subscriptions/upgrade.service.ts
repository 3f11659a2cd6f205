import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Application } from '../applications/application.types';
import { ApplicationsService } from '../applications/applications.service';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { OrderPlacementService } from '../orders/order-placement.service';
import type { PlacedOrder } from '../orders/order.types';
import { prepaidOrder } from '../orders/prepaid-order';
import { PriceBookService } from '../pricing/price-book.service';
import { Priced, UpgradeCostBreakdown, upgradeCost } from '../pricing/pricing.rules';
import type { Tx } from '../prisma/transaction';
import { QuotaService } from '../quota/quota.service';
import { remainingDays, upgradeRefusal } from './subscription.rules';
import { SubscriptionRepository } from './subscription.repository';
import type { Subscription } from './subscription.types';

export type UpgradeQuote = Priced<UpgradeCostBreakdown & { subscriptionId: string; expiresOn: string }>;

/**
 * Upgrades (SPEC.md 5): more units for a running plan, paid for the days from
 * today to E at the difference of the monthly prices; E does not move, and
 * renewals are then billed at the new size. A downgrade is a validation error
 * on `units`; an expired plan (grace, suspended) must be renewed first.
 */
@Injectable()
export class UpgradeService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionRepository,
    private readonly placement: OrderPlacementService,
    private readonly quota: QuotaService,
    private readonly priceBooks: PriceBookService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What `upgrade` would charge now (POST /v1/quotes by reference). */
  async quote(subscriptionId: string, units: number): Promise<UpgradeQuote> {
    const subscription = await this.subscriptions.find(subscriptionId);
    if (!subscription) throw DomainError.notFound('subscription', subscriptionId);
    return this.price(subscription, await this.apps.get(subscription.appId), units);
  }

  /** With an Idempotency-Key a retry gets the same order; without one a retry to the same size is refused as no upgrade. */
  async upgrade(subscriptionId: string, units: number, idempotencyKey: string): Promise<PlacedOrder> {
    return this.placement.placeOnce(`subscriptions/upgrade:${subscriptionId}`, idempotencyKey, { units }, (tx) =>
      this.upgradeIn(tx, subscriptionId, units),
    );
  }

  private async upgradeIn(tx: Tx, subscriptionId: string, units: number): Promise<string> {
    const subscription = await this.subscriptions.lock(tx, subscriptionId);
    if (!subscription) throw DomainError.notFound('subscription', subscriptionId);
    const cost = await this.price(subscription, (await this.apps.findIn(tx, subscription.appId))!, units);
    const now = this.clock.now();
    const today = billingDate(now, this.config.billingTz);
    const orderId = randomUUID();
    await this.placement.place(
      tx,
      prepaidOrder({
        id: orderId,
        accountId: subscription.accountId,
        appId: subscription.appId,
        subscriptionId,
        purpose: 'upgrade',
        amount: cost.amount,
        priceBookVersion: cost.breakdown.priceBookVersion,
        units,
        months: null,
        serviceStartsOn: today,
        serviceEndsOn: subscription.expiresOn,
        needsProvisioning: false,
        createdAt: now,
        line: {
          description: `prepaid upgrade: ${subscription.units} to ${units} unit(s) for ${cost.breakdown.remainingDays} day(s) until ${subscription.expiresOn}`,
          unitPrice: null,
          discount: cost.breakdown.newDiscount,
        },
      }),
    );
    await this.subscriptions.setUnits(tx, subscriptionId, units, now);
    await this.quota.recheck(tx, subscription.appId, today);
    return orderId;
  }

  private async price(subscription: Subscription, app: Application, units: number): Promise<UpgradeQuote> {
    const today = billingDate(this.clock.now(), this.config.billingTz);
    const refusal = upgradeRefusal(subscription, app, today);
    if (refusal) throw new DomainError(refusal.code, refusal.message);
    const book = await this.priceBooks.effectiveOn(today);
    const cost = upgradeCost(book, subscription.region, {
      oldUnits: subscription.units,
      newUnits: units,
      purchasedMonths: subscription.purchasedMonths,
      remainingDays: remainingDays(today, subscription.expiresOn),
    });
    return { amount: cost.amount, breakdown: { ...cost.breakdown, subscriptionId: subscription.id, expiresOn: subscription.expiresOn } };
  }
}
