import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job, Worker } from 'bullmq';
import type { JobOutcome } from '../../../core/src/operations/job-metrics.rules';
import { JobMetricsStore } from '../../../core/src/operations/job-metrics.store';

/**
 * Counts every job run of every processor of this worker, with its duration,
 * by queue, name and outcome, into the shared store that /metrics reads.
 * Listening to the workers' events keeps the processors free of metrics code.
 */
@Injectable()
export class JobMetricsRecorder implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobMetricsRecorder.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly store: JobMetricsStore,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const host: unknown = wrapper.instance;
      if (!(host instanceof WorkerHost)) continue;
      const worker: Worker = host.worker;
      worker.on('completed', (job) => this.record(worker.name, job, 'completed'));
      // A failed run is retried unless it was the last: BullMQ sets finishedOn only on the final failure.
      worker.on('failed', (job) => job && this.record(worker.name, job, job.finishedOn ? 'failed' : 'retried'));
    }
  }

  private record(queue: string, job: Job, outcome: JobOutcome): void {
    const seconds = job.processedOn ? Math.max(Date.now() - job.processedOn, 0) / 1000 : 0;
    // Metrics are best effort: a Redis hiccup must not surface as a job error.
    this.store.record(queue, job.name, outcome, seconds).catch((error) => this.logger.warn({ msg: 'job metric not recorded', err: error }));
  }
}
