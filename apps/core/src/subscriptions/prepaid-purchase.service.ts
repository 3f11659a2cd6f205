import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationsService } from '../applications/applications.service';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { AppStateService } from '../lifecycle/app-state.service';
import { OrderPlacementService } from '../orders/order-placement.service';
import type { PlacedOrder } from '../orders/order.types';
import { prepaidOrder } from '../orders/prepaid-order';
import { PriceBookService } from '../pricing/price-book.service';
import { prepaidPrice } from '../pricing/pricing.rules';
import type { Tx } from '../prisma/transaction';
import { ProvisioningService } from './provisioning.service';
import { addMonths, isSalesClosed, purchaseRefusal } from './subscription.rules';
import { SubscriptionRepository } from './subscription.repository';

export interface PrepaidPurchase {
  accountId: string;
  appId: string;
  units: number;
  months: number;
  autoRenew?: boolean;
  voucherIds?: string[];
}

/**
 * Buying a prepaid plan (SPEC.md 4): priced with the price book in force
 * today, paid at once (named vouchers, then gift credit, then cash), and
 * written with its subscription in the same transaction as the payment, so
 * that a refusal (402 with the shortfall, sales closed, wrong state) writes
 * nothing. The app goes `deploying`; the provisioning job makes it `active`.
 */
@Injectable()
export class PrepaidPurchaseService {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly states: AppStateService,
    private readonly subscriptions: SubscriptionRepository,
    private readonly placement: OrderPlacementService,
    private readonly priceBooks: PriceBookService,
    private readonly provisioning: ProvisioningService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The Idempotency-Key is required: a retry gets the same order, and pays once. */
  async purchase(input: PrepaidPurchase, idempotencyKey: string): Promise<PlacedOrder> {
    const request = { ...input, autoRenew: input.autoRenew ?? false, voucherIds: input.voucherIds ?? [] };
    // The purchase writes its provisioning job in the job outbox, in its own transaction (relayed after the commit).
    return this.placement.placeOnce(`orders/prepaid:${input.accountId}`, idempotencyKey, request, (tx) => this.purchaseIn(tx, request));
  }

  private async purchaseIn(tx: Tx, input: Required<PrepaidPurchase>): Promise<string> {
    const { accountId, appId, units, months } = input;
    if (!(await this.apps.lockAccount(tx, accountId))) throw DomainError.notFound('account', accountId);
    const app = await this.apps.findIn(tx, appId);
    if (!app || app.accountId !== accountId) {
      throw new DomainError('NOT_FOUND', `app ${appId} not found in account ${accountId}`, { field: 'appId' });
    }
    const refusal = purchaseRefusal(app, (await this.subscriptions.findActiveIn(tx, appId)) !== null);
    if (refusal) throw new DomainError('INVALID_STATE', refusal, { field: 'appId' });

    const now = this.clock.now();
    const today = billingDate(now, this.config.billingTz);
    const book = await this.priceBooks.effectiveOn(today);
    const account = (await this.subscriptions.buyingAccount(tx, accountId))!;
    if (isSalesClosed(book, today, account.firstPaidAt)) {
      throw new DomainError(
        'SALES_CLOSED',
        `prepaid plans are sold after ${book.salesStopAfter} only to accounts that bought a paid plan before`,
      );
    }
    const price = prepaidPrice(book, app.region, units, months);
    const subscriptionId = randomUUID();
    const expiresOn = addMonths(today, months);
    await this.subscriptions.insert(tx, {
      id: subscriptionId,
      accountId,
      appId,
      region: app.region,
      units,
      purchasedMonths: months,
      startsOn: today,
      expiresOn,
      autoRenew: input.autoRenew,
      createdAt: now,
    });
    const orderId = randomUUID();
    await this.placement.place(
      tx,
      prepaidOrder({
        id: orderId,
        accountId,
        appId,
        subscriptionId,
        purpose: 'purchase',
        amount: price.amount,
        priceBookVersion: book.version,
        units,
        months,
        serviceStartsOn: today,
        serviceEndsOn: expiresOn,
        needsProvisioning: true,
        createdAt: now,
        line: {
          description: `prepaid plan: ${units} unit(s) x ${months} month(s), ${app.region}`,
          unitPrice: price.breakdown.unitPrice,
          discount: price.breakdown.discount,
        },
      }),
      { voucherIds: input.voucherIds },
    );
    const moved = await this.states.transition(
      tx,
      [appId],
      {
        from: ['trial', 'suspended'],
        plans: ['trial', 'prepaid'],
        to: 'deploying',
        reason: 'prepaid_purchased',
        plan: 'prepaid',
        trialSuspendedOn: null,
      },
      now,
    );
    if (moved.length !== 1)
      throw new DomainError('INVALID_STATE', `app ${appId} changed state during the purchase; retry`, { field: 'appId' });
    await this.provisioning.enqueueIn(tx, orderId);
    return orderId;
  }
}
