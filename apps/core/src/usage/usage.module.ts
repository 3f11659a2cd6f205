import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { QuotaModule } from '../quota/quota.module';
import { IngestBatcher } from './ingest-batcher';
import { TrialSuspensions } from './trial-suspensions';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

/** DAU reports: ingest (batched, behind the ingest gate) and reading usage back. */
@Module({
  imports: [IdempotencyModule, LifecycleModule, QuotaModule],
  providers: [IngestBatcher, TrialSuspensions, UsageRepository, UsageService],
  exports: [UsageService],
})
export class UsageModule {}
