import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { OrdersModule } from '../orders/orders.module';
import { PricingModule } from '../pricing/pricing.module';
import { ExpiryLifecycleService } from './expiry-lifecycle.service';
import { ExpiryRepository } from './expiry.repository';
import { PrepaidOrderWriter } from './prepaid-order.writer';
import { PrepaidPurchaseService } from './prepaid-purchase.service';
import { ProvisioningService } from './provisioning.service';
import { QuotaModule } from './quota.module';
import { RenewalService } from './renewal.service';
import { SubscriptionRepository } from './subscription.repository';
import { SubscriptionService } from './subscription.service';
import { UpgradeService } from './upgrade.service';

/** Prepaid plans: purchase, provisioning, renewal, upgrade, the expiry lifecycle and over-quota throttling. */
const PROVIDERS: any[] = [
  SubscriptionRepository,
  SubscriptionService,
  PrepaidOrderWriter,
  PrepaidPurchaseService,
  ProvisioningService,
  RenewalService,
  UpgradeService,
  ExpiryRepository,
  ExpiryLifecycleService,
];

@Module({
  imports: [AccountsModule, ApplicationsModule, OrdersModule, PricingModule, QuotaModule],
  providers: PROVIDERS,
  exports: [...PROVIDERS, QuotaModule],
})
export class SubscriptionsModule {}
