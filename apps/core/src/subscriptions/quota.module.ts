import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { QuotaRepository } from './quota.repository';
import { QuotaService } from './quota.service';

/** Over-quota throttling of prepaid apps; its own module so that ingest (applications) can use it without a cycle. */
@Module({ imports: [PricingModule], providers: [QuotaRepository, QuotaService], exports: [QuotaService] })
export class QuotaModule {}
