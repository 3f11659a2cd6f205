import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { OrdersModule } from '../orders/orders.module';
import { PricingModule } from '../pricing/pricing.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { RefundRepository } from './refund.repository';
import { RefundService } from './refund.service';

/** Refunds of prepaid plans. */
@Module({
  imports: [AccountsModule, ApplicationsModule, OrdersModule, PricingModule, SubscriptionsModule],
  providers: [RefundRepository, RefundService],
  exports: [RefundService],
})
export class RefundsModule {}
