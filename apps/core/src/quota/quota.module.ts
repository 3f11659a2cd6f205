import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

/** Over-quota throttling of prepaid apps: used by ingest (usage) and by plan changes (subscriptions). */
@Module({ imports: [PricingModule], providers: [QuotaRepository, QuotaService], exports: [QuotaService] })
export class QuotaModule {}
