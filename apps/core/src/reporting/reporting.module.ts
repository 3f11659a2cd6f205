import { Module } from '@nestjs/common';
import { BillingSettingsPublisher } from './billing-settings.publisher';
import { ReportingRepository } from './reporting.repository';
import { RevenueRollupService } from './revenue-rollup.service';

/** What the reporting views and dashboards need from the processes: settings, and the revenue rollup. */
@Module({
  providers: [ReportingRepository, RevenueRollupService, BillingSettingsPublisher],
  exports: [RevenueRollupService],
})
export class ReportingModule {}
