import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { PricingModule } from '../pricing/pricing.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AdviceRepository } from './advice.repository';
import { AdviceService } from './advice.service';
import { TrialForecastRepository } from './trial-forecast.repository';
import { TrialForecastService } from './trial-forecast.service';

/** Decision tools for customers: plan advice and the trial forecast. */
@Module({
  imports: [ApplicationsModule, PricingModule, SubscriptionsModule],
  providers: [AdviceRepository, AdviceService, TrialForecastRepository, TrialForecastService],
  exports: [AdviceService, TrialForecastService],
})
export class AdviceModule {}
