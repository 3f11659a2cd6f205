import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Metric, Registry, collectDefaultMetrics } from 'prom-client';
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
    // No sample at all before the first settlement: a 0 there would read as "up to date".
    this.registry.registerMetric(
      scrapedMetric(
        'settlement_lag_days',
        'Days between the last closed settlement day and the last day whose settlement time has come (0: up to date)',
        'gauge',
        async () => {
          const lag = await database.settlementLagDays();
          return lag === null ? [] : [{ value: lag }];
        },
      ),
    );
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
    const histogram = 'bullmq_job_duration_seconds';
    // prom-client's own histograms only count what this process observes; these series are the workers' totals.
    this.registry.registerMetric(
      scrapedMetric(
        histogram,
        'Job runs of every worker by queue, job name and outcome (completed, failed for good, retried), with their duration',
        'histogram',
        async () =>
          (await jobs.read()).flatMap((series) => [
            ...series.buckets.map((b) => ({ metricName: `${histogram}_bucket`, labels: { ...series.labels, le: b.le }, value: b.count })),
            { metricName: `${histogram}_sum`, labels: series.labels, value: series.sum },
            { metricName: `${histogram}_count`, labels: series.labels, value: series.count },
          ]),
      ),
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

interface ScrapedValue {
  metricName?: string;
  labels?: object;
  value: number;
}

/**
 * A metric whose samples are computed at scrape time and handed to the
 * registry as they are (the shape prom-client's own metrics produce): for
 * figures this process does not observe itself, or that may have no sample.
 */
function scrapedMetric(name: string, help: string, type: 'gauge' | 'histogram', values: () => Promise<ScrapedValue[]>): Metric {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: await values() }),
  };
  return metric as unknown as Metric;
}
