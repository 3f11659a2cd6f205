import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OrdersModule } from '../orders/orders.module';
import { PricingModule } from '../pricing/pricing.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { RefundRepository } from './refund.repository';
import { RefundService } from './refund.service';

/** Refunds of prepaid plans. */
@Module({
  imports: [ApplicationsModule, IdempotencyModule, LedgerModule, LifecycleModule, OrdersModule, PricingModule, SubscriptionsModule],
  providers: [RefundRepository, RefundService],
  exports: [RefundService],
})
export class RefundsModule {}
