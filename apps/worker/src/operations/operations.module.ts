import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CoreModule } from '../../../core/src/core.module';
import { JobMetricsRecorder } from './job-metrics.recorder';

/** The worker's share of the operations surface: job metrics. */
@Module({ imports: [DiscoveryModule, CoreModule], providers: [JobMetricsRecorder] })
export class WorkerOperationsModule {}
