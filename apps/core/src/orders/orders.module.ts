import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { OrderRepository } from './order.repository';
import { OrderService } from './order.service';
import { PaygActivationService } from './payg-activation.service';

/**
 * Orders of both kinds: prepaid purchases and pay-as-you-go activations. The
 * prepaid flows (subscriptions, refunds) write and read orders through
 * OrderService, in the same transaction as the plan change.
 */
@Module({
  imports: [ApplicationsModule, IdempotencyModule, LifecycleModule],
  providers: [OrderRepository, OrderService, PaygActivationService],
  exports: [OrderService, PaygActivationService],
})
export class OrdersModule {}
