import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LedgerModule } from '../ledger/ledger.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OrderPlacementService } from './order-placement.service';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { PaygActivationService } from './payg-activation.service';

/**
 * Orders of both kinds: prepaid purchases and pay-as-you-go activations. The
 * prepaid flows (subscriptions, refunds) write and read orders through
 * OrderService, in the same transaction as the plan change.
 */
@Module({
  imports: [AccountsModule, ApplicationsModule, IdempotencyModule, LedgerModule, LifecycleModule],
  providers: [OrderRepository, OrderService, OrderPlacementService, PaygActivationService],
  exports: [OrderService, OrderPlacementService, PaygActivationService],
})
export class OrdersModule {}
