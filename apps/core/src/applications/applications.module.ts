import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { PricingModule } from '../pricing/pricing.module';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';

/**
 * Apps and their capabilities. The plan changes (orders, subscriptions,
 * refunds) read an app and lock its account through ApplicationsService,
 * inside their own transaction.
 */
@Module({
  imports: [PricingModule, LifecycleModule],
  providers: [ApplicationsRepository, ApplicationsService],
  exports: [ApplicationsService],
})
export class ApplicationsModule {}
