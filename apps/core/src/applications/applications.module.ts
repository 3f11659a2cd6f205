import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { PricingModule } from '../pricing/pricing.module';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';

/**
 * Apps and their capabilities. ApplicationsRepository is exported for the
 * plan changes (orders, subscriptions, refunds) that lock an app row inside
 * their own transaction.
 */
@Module({
  imports: [PricingModule, LifecycleModule],
  providers: [ApplicationsRepository, ApplicationsService],
  exports: [ApplicationsService, ApplicationsRepository],
})
export class ApplicationsModule {}
