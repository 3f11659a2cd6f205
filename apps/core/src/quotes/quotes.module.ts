import { Module } from '@nestjs/common';
import { AdviceModule } from '../advice/advice.module';
import { PricingModule } from '../pricing/pricing.module';
import { RefundsModule } from '../refunds/refunds.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { QuotesService } from './quotes.service';

/** Price previews of every kind (POST /v1/quotes). */
@Module({
  imports: [AdviceModule, PricingModule, RefundsModule, SubscriptionsModule],
  providers: [QuotesService],
  exports: [QuotesService],
})
export class QuotesModule {}
