import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { Clock } from '../clock/clock';
import { SimulatedClock } from '../clock/simulated-clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { OutboxRelay } from '../outbox/outbox-relay';
import { DAILY_WORK, isDailyWork } from '../queue/jobs';
import { QUEUES, QueueName, jobId, redisConnection } from '../queue/queues';
import { ticksBetween } from './schedule.rules';
import { SCHEDULE, TickData } from './schedule.table';

/** The Postgres advisory lock an advance holds, one advance at a time across processes. */
export const ADVANCE_LOCK_KEY = 4_202_611;
const IDLE_POLL_MS = 5;

export interface AdvanceResult {
  from: Date;
  now: Date;
  ran: { scheduleId: string; job: string; scheduledFor: Date }[];
}

/**
 * Moves the simulated clock, replaying the schedule table: for every tick due in
 * the interval, in time order, the clock is set to the tick, the tick goes
 * through its real queue to the real worker, and the next tick waits until the
 * tick and everything it enqueued (jobs, and rows of the outboxes) have
 * finished. When the tick or daily work it started fails an attempt, the
 * advance stops at that tick and answers with the failure at once, rather than
 * wait through the retry schedule.
 */
@Injectable()
export class ClockAdvanceService implements OnModuleDestroy {
  private readonly logger = new Logger(ClockAdvanceService.name);
  private events = new Map<QueueName, QueueEvents>();

  constructor(
    private readonly clock: Clock,
    private readonly moduleRef: ModuleRef,
    private readonly outbox: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async advance(to: Date): Promise<AdvanceResult> {
    if (!(this.clock instanceof SimulatedClock)) {
      throw new DomainError('NOT_FOUND', 'the clock can only be moved when started with CLOCK_MODE=simulated');
    }
    const clock = this.clock;
    return this.withAdvanceLock(async () => {
      await clock.sync();
      const from = clock.now();
      if (to < from) {
        throw new DomainError('VALIDATION_FAILED', `to must not be before the current time ${from.toISOString()}`, {
          field: 'to',
        });
      }
      const ran: AdvanceResult['ran'] = [];
      for (const tick of ticksBetween(
        SCHEDULE.filter((entry) => entry.replayed !== false),
        this.config.billingTz,
        from,
        to,
      )) {
        await clock.set(tick.at);
        await this.runTick(tick.entry.queue, tick.entry.job, { scheduleId: tick.entry.id, scheduledFor: tick.at.toISOString() });
        ran.push({ scheduleId: tick.entry.id, job: tick.entry.job, scheduledFor: tick.at });
      }
      await clock.set(to);
      return { from, now: clock.now(), ran };
    });
  }

  private async runTick(queueName: QueueName, name: string, data: TickData): Promise<void> {
    const events = await this.queueEvents(queueName);
    const id = jobId('tick', data.scheduleId, new Date(data.scheduledFor).getTime());
    // BullMQ stamps attempts with the real time: what fails from now on belongs to this tick.
    const since = Date.now();
    const job = await this.queue(queueName).add(name, data, { jobId: id, attempts: 1 });
    try {
      await job.waitUntilFinished(events);
    } catch (error) {
      throw tickFailed(data, name, id, (error as Error).message);
    }
    await this.waitUntilIdle(data, since);
    this.logger.log({ msg: 'tick replayed', ...data });
  }

  /**
   * Everything the tick started has run once no queue has waiting or active
   * work and no outbox has rows left. A parent waiting for its children is not
   * work in itself: its children are waiting or active, or they failed.
   */
  private async waitUntilIdle(data: TickData, since: number): Promise<void> {
    for (;;) {
      const counts = await Promise.all(
        QUEUES.map(async (name) => ({
          name,
          n: await this.queue(name).getJobCounts('waiting', 'active', 'prioritized', 'failed', 'delayed'),
        })),
      );
      if (counts.every(({ n }) => n.waiting + n.active + n.prioritized === 0)) {
        const suspects = counts.filter(({ name, n }) => n.failed + n.delayed > 0 && DAILY_WORK[name]).map(({ name }) => name);
        const failed = await this.dailyWorkFailedSince(suspects, since);
        if (failed) throw tickFailed(data, failed.name, failed.id!, failed.failedReason);
        if (!(await this.outbox.pending())) return;
        // Rows another process is relaying are skipped here and waited for.
        await this.outbox.drainAll();
      }
      await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }

  /** A daily job whose attempt since `since` failed: waiting for its retry (delayed) or failed for good (newest first). */
  private async dailyWorkFailedSince(queues: QueueName[], since: number): Promise<Job | undefined> {
    for (const name of queues) {
      const jobs = await this.queue(name).getJobs(['failed', 'delayed'], 0, 99, false);
      const failed = jobs.find((job) => isDailyWork(name, job.name) && job.attemptsMade > 0 && (job.processedOn ?? 0) >= since);
      if (failed) return failed;
    }
    return undefined;
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  /** Listening before the tick is added, so its completion cannot be missed. */
  private async queueEvents(name: QueueName): Promise<QueueEvents> {
    let events = this.events.get(name);
    if (!events) {
      events = new QueueEvents(name, { connection: redisConnection(this.config.redisUrl), prefix: this.config.queuePrefix });
      this.events.set(name, events);
    }
    await events.waitUntilReady();
    return events;
  }

  /** One advance at a time across every API process. */
  private async withAdvanceLock<T>(work: () => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    // Without a listener, the lock connection dropping (Postgres restarted mid-advance) would end the process.
    client.on('error', (error) => this.logger.warn(`clock-advance lock connection lost: ${error.message}`));
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [ADVANCE_LOCK_KEY]);
      return await work();
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.events.values()].map((events) => events.close()));
  }
}

/** The failure names the tick and the job that failed, with its reason (the error body carries no other fields). */
function tickFailed(data: TickData, job: string, jobId: string, reason: string): DomainError {
  return new DomainError('INVALID_STATE', `scheduled job ${data.scheduleId} due ${data.scheduledFor} failed: ${job} (${jobId}): ${reason}`);
}
