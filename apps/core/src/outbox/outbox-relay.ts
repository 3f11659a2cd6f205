import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { QueueName } from '../queue/jobs';
import { withinDeadline } from '../queue/redis-deadline';
import { JobOutbox } from './job-outbox';
import type { OutboxSource, RelayedJob } from './outbox.types';

export type { OutboxSource, RelayedJob } from './outbox.types';

/** Batches per source and run: a long backlog is left to the next run, so one run never holds a process for long. */
const BATCHES_PER_RUN = 20;

/**
 * The one relay from Postgres to BullMQ, in two steps of one shape (claim a
 * batch in a transaction, pass its jobs on, commit the rows' "relayed" mark).
 * A domain source (notices, webhook events) writes the rows it implies (the
 * deliveries) and their jobs into the job outbox, in one transaction: a job
 * never reaches a worker before the row it names is committed. The job outbox
 * is then relayed to Redis, its rows deleted only once Redis took their jobs:
 * a batch is either in the queues and gone from the outbox or (Redis away,
 * process killed) left for the next run. Job ids are deterministic, so a batch
 * added again after a lost commit runs once. A run follows every commit that
 * wrote rows (`kick()`, in the process that committed: no request waits for
 * it) and every OUTBOX_SWEEP_MS in every process (rows whose run found Redis away).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly sources: OutboxSource[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobOutbox,
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Domain sources register when their module starts; they are relayed in that order, the job outbox last. */
  register(source: OutboxSource): void {
    this.sources.push(source);
  }

  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => this.kick(), this.config.outbox.sweepMs);
    this.sweep.unref();
  }

  /**
   * After a commit: relays in the background and returns at once. Kicks while a
   * run is going leave one more run to follow it, so nothing committed before
   * the kick is missed. Never throws: what a run cannot relay stays pending.
   */
  kick(): void {
    if (this.stopped) return;
    this.again = true;
    this.running ??= this.runUntilQuiet();
  }

  /** Relays every source until each is empty (or has had a run's worth of batches). Throws when Redis does not take a batch. */
  async drainAll(): Promise<Record<string, number>> {
    await this.clock.sync();
    const relayed: Record<string, number> = {};
    for (const source of this.sources) relayed[source.name] = (await this.drain(source)).claimed;
    relayed[this.jobs.name] = (await this.drain(this.jobs)).claimed;
    return relayed;
  }

  /** One source: the rows claimed and the jobs they implied (into the job outbox, or from it to Redis). */
  async drain(source: OutboxSource): Promise<{ claimed: number; jobs: number }> {
    const total = { claimed: 0, jobs: 0 };
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const { claimed, jobs } = await this.uow.run(
        async (tx) => {
          const claim = await source.claim(tx, source.batch);
          if (source === this.jobs) await this.enqueue(claim.jobs);
          else await this.jobs.add(tx, claim.jobs);
          return claim;
        },
        // Room for a full batch on a slow day, and for Redis' deadline.
        { timeout: 30_000 + this.config.outbox.enqueueTimeoutMs },
      );
      total.claimed += claimed;
      total.jobs += jobs.length;
      if (claimed < source.batch) return total;
    }
    this.again = true;
    return total;
  }

  async pending(): Promise<boolean> {
    return (await Promise.all([...this.sources, this.jobs].map((source) => source.pending()))).some(Boolean);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweep);
    await this.running;
  }

  /** The loop's last check and the reset of `running` happen in one step, so no kick falls between them. */
  private async runUntilQuiet(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        await this.drainAll();
      }
    } catch (error) {
      this.logger.warn({ msg: 'outbox relay run failed; its rows stay pending for the next sweep', err: error });
    } finally {
      this.running = null;
    }
  }

  private async enqueue(jobs: RelayedJob[]): Promise<void> {
    const byQueue = new Map<QueueName, RelayedJob[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    for (const [name, queued] of byQueue) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      await withinDeadline(
        queue.addBulk(queued.map(({ name: jobName, data, opts }) => ({ name: jobName, data, opts }))),
        this.config.outbox.enqueueTimeoutMs,
        `outbox relay to ${name}`,
      );
    }
  }
}
