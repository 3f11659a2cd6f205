import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OrdersModule } from '../orders/orders.module';
import { PricingModule } from '../pricing/pricing.module';
import { QuotaModule } from '../quota/quota.module';
import { ExpiryLifecycleService } from './expiry-lifecycle.service';
import { ExpiryRepository } from './expiry.repository';
import { PrepaidPurchaseService } from './prepaid-purchase.service';
import { ProvisioningService } from './provisioning.service';
import { RenewalService } from './renewal.service';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionService } from './subscription.service';
import { UpgradeService } from './upgrade.service';

/**
 * Prepaid plans: purchase, provisioning, renewal, upgrade and the expiry
 * lifecycle. Refunds end a plan through SubscriptionService, in the same
 * transaction as the money they give back.
 */
@Module({
  imports: [ApplicationsModule, LifecycleModule, OrdersModule, PricingModule, QuotaModule],
  providers: [
    SubscriptionRepository,
    SubscriptionService,
    PrepaidPurchaseService,
    ProvisioningService,
    RenewalService,
    UpgradeService,
    ExpiryRepository,
    ExpiryLifecycleService,
  ],
  exports: [SubscriptionService, PrepaidPurchaseService, ProvisioningService, RenewalService, UpgradeService, ExpiryLifecycleService],
})
export class SubscriptionsModule {}
