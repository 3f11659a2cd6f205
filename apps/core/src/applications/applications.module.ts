import { Module } from '@nestjs/common';
import { AppStateRepository } from '../lifecycle/app-state.repository';
import { TrialLifecycleService } from '../lifecycle/trial-lifecycle.service';
import { TrialRepository } from '../lifecycle/trial.repository';
import { PricingModule } from '../pricing/pricing.module';
import { QuotaModule } from '../subscriptions/quota.module';
import { IngestBatcher } from '../usage/ingest-batcher';
import { IngestPool } from '../usage/ingest-pool';
import { UsageRepository } from '../usage/usage.repository';
import { UsageService } from '../usage/usage.service';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsService } from './applications.service';

/** Apps, capabilities, DAU usage and the trial lifecycle. */
const PROVIDERS: any[] = [
  ApplicationsRepository,
  ApplicationsService,
  IngestPool,
  IngestBatcher,
  UsageRepository,
  UsageService,
  AppStateRepository,
  TrialRepository,
  TrialLifecycleService,
];

@Module({ imports: [PricingModule, QuotaModule], providers: PROVIDERS, exports: PROVIDERS })
export class ApplicationsModule {}
