import { Module } from '@nestjs/common';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { PricingModule } from '../pricing/pricing.module';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

/**
 * Over-quota throttling of prepaid apps: used by ingest (usage) and by plan changes (subscriptions).
 * Quota decides which apps; lifecycle, the one writer of the app row, sets and lifts their throttle.
 */
@Module({ imports: [PricingModule, LifecycleModule], providers: [QuotaRepository, QuotaService], exports: [QuotaService] })
export class QuotaModule {}
