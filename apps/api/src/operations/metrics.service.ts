import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import {
  Counter,
  Gauge,
  Histogram,
  HistogramConfiguration,
  MetricObjectWithValues,
  MetricValueWithName,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';
import type { JobSeriesLabels } from '../../../core/src/operations/job-metrics.rules';
import { JobMetricsStore } from '../../../core/src/operations/job-metrics.store';
import { OperationsService } from '../../../core/src/operations/operations.service';
import { QUEUES } from '../../../core/src/queue/queues';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * The Prometheus registry of this API process: its own HTTP figures, plus,
 * read at scrape time, the job figures every worker records in Redis, the
 * queues' job counts, the settlement lag and the delivery backlog. One
 * registry per application (not prom-client's global one), so several
 * applications in one process (the tests) do not collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  private readonly dauReports: Counter<'status'>;

  constructor(moduleRef: ModuleRef, jobs: JobMetricsStore, database: OperationsService) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.dauReports = new Counter({
      name: 'dau_reports_total',
      help: 'DAU reports answered by this process, by result status (accepted, unchanged or an error code)',
      labelNames: ['status'],
      registers,
    });
    const queue = (name: string) => moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    new Gauge({
      name: 'bullmq_queue_jobs',
      help: 'Jobs in each queue by state, at scrape time',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        for (const name of QUEUES) {
          const counts = await queue(name).getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'settlement_lag_days',
      help: 'Days between the last closed settlement day and the last day whose settlement time has come (0: up to date)',
      registers,
      async collect() {
        const lag = await database.settlementLagDays();
        // No sample at all before the first settlement: a 0 there would read as "up to date". A gauge without
        // labels always holds one sample (0 after a reset), so it is removed.
        if (lag === null) this.remove({});
        else this.set(lag);
      },
    });
    new Gauge({
      name: 'notification_backlog',
      help: 'Notices and webhook events not yet relayed, and deliveries not yet settled (sent, failed or skipped)',
      labelNames: ['stage'],
      registers,
      async collect() {
        const backlog = await database.deliveryBacklog();
        for (const [stage, count] of Object.entries(backlog)) this.set({ stage }, count);
      },
    });
    new Gauge({
      name: 'scheduled_job_last_run_age_seconds',
      help: "Seconds since each row of the job-schedule table last finished a tick, on the system's clock (no sample before its first run)",
      labelNames: ['schedule'],
      registers,
      async collect() {
        this.reset();
        for (const run of await database.secondsSinceLastRun()) this.set({ schedule: run.scheduleId }, run.seconds);
      },
    });
    new WorkerJobHistogram(
      {
        name: 'bullmq_job_duration_seconds',
        help: 'Job runs of every worker by queue, job name and outcome (completed, failed for good, retried), with their duration',
        labelNames: ['queue', 'name', 'outcome'],
        registers,
      },
      jobs,
    );
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  countDauReports(results: readonly { status: string }[]): void {
    const counts = new Map<string, number>();
    for (const { status } of results) counts.set(status, (counts.get(status) ?? 0) + 1);
    for (const [status, count] of counts) this.dauReports.inc({ status }, count);
  }
}

type JobLabel = keyof JobSeriesLabels | 'le';

/**
 * The job-duration histogram of every worker: prom-client's own histograms only
 * count what this process observes; these series are the workers' totals, kept
 * in Redis and read at scrape time.
 */
class WorkerJobHistogram extends Histogram<JobLabel> {
  /** Never observed: gives the metric's name, help and type as prom-client prints them. */
  private readonly header: Histogram<JobLabel>;

  constructor(
    config: HistogramConfiguration<JobLabel>,
    private readonly jobs: JobMetricsStore,
  ) {
    super(config);
    this.header = new Histogram({ name: config.name, help: config.help, registers: [] });
  }

  override async get(): Promise<MetricObjectWithValues<MetricValueWithName<JobLabel>>> {
    const metric = await this.header.get();
    const values = (await this.jobs.read()).flatMap((series) => [
      ...series.buckets.map((b) => ({ metricName: `${metric.name}_bucket`, labels: { ...series.labels, le: b.le }, value: b.count })),
      { metricName: `${metric.name}_sum`, labels: series.labels, value: series.sum },
      { metricName: `${metric.name}_count`, labels: series.labels, value: series.count },
    ]);
    return { ...metric, values };
  }

  /** The registry prints a histogram from this method rather than from `get()` (prom-client's lib/registry.js). */
  getForPromString(): Promise<MetricObjectWithValues<MetricValueWithName<JobLabel>>> {
    return this.get();
  }
}
