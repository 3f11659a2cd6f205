import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { PaygActivationService } from './payg-activation.service';

/**
 * Orders of both kinds: prepaid purchases and pay-as-you-go activations.
 * OrderRepository is exported for the prepaid flows (subscriptions, refunds)
 * that write an order in the same transaction as the plan change.
 */
@Module({
  imports: [ApplicationsModule, IdempotencyModule, LifecycleModule],
  providers: [OrderRepository, OrderService, PaygActivationService],
  exports: [OrderService, PaygActivationService, OrderRepository],
})
export class OrdersModule {}
