import { Module } from '@nestjs/common';
import { JobMetricsStore } from './job-metrics.store';
import { OperationsRepository } from './operations.repository';
import { OperationsService } from './operations.service';

/** What the metrics endpoint and the workers' job recorder share. */
@Module({
  providers: [JobMetricsStore, OperationsRepository, OperationsService],
  exports: [JobMetricsStore, OperationsService],
})
export class OperationsModule {}
