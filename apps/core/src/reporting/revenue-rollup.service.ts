import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { UnitOfWork } from '../prisma/unit-of-work';
import { jobId } from '../queue/queues';
import { JOBS } from '../queue/jobs';
import { ReportingRepository } from './reporting.repository';
import { DayRange, nextRollupRange } from './revenue-rollup.rules';

/** A month of days per transaction: bounded work on a first run over years of bills. */
const DAYS_PER_TRANSACTION = 31;

/**
 * The daily revenue rollup behind the revenue panels. Days are rolled once
 * their settlement has closed, in order; a run that comes late, twice, or on
 * two workers at once rolls each day exactly once (the lock, and keys that
 * ignore a day already there).
 */
@Injectable()
export class RevenueRollupService {
  constructor(
    private readonly repository: ReportingRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue('reporting') private readonly queue: Queue,
  ) {}

  /** The daily tick: one rollup run per tick. */
  async enqueue(scheduledFor: Date): Promise<void> {
    await this.queue.add(JOBS.reporting.rollup, {}, { jobId: jobId('revenue-rollup', scheduledFor.getTime()) });
  }

  /** Rolls every day due, oldest first; returns the ranges rolled. */
  async rollUp(): Promise<DayRange[]> {
    const rolled: DayRange[] = [];
    for (;;) {
      const range = await this.uow.bulk(async (client) => {
        await this.repository.lock(client);
        const state = await this.repository.state(client, this.config.billingTz);
        const next = nextRollupRange(state.lastRolled, state.firstRevenueDay, state.lastSettled, DAYS_PER_TRANSACTION);
        if (next) await this.repository.rollUp(client, next, this.config.billingTz, this.clock.now());
        return next;
      });
      if (!range) return rolled;
      rolled.push(range);
    }
  }
}
