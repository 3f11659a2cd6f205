import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DAILY_WORK, isDailyWork, type QueueName } from '../queue/jobs';

/** Failed jobs looked at per queue and run: the newest first. */
const REDRIVE_LIMIT = 1000;

/**
 * The hourly re-drive of daily work that failed for good (its retries spent
 * over an outage longer than the retry schedule): a settlement day or chunk, a
 * close-day (a failed chunk retried lets its waiting close-day parent go on), a
 * lifecycle or prepaid day, a daily tick. Each goes back to its queue with a
 * fresh round of attempts; every one of them is safe to run again.
 */
@Injectable()
export class DailyRedriveService {
  private readonly logger = new Logger(DailyRedriveService.name);

  constructor(private readonly moduleRef: ModuleRef) {}

  /** Returns the ids of the jobs sent back. */
  async run(): Promise<string[]> {
    const redriven: string[] = [];
    for (const queueName of Object.keys(DAILY_WORK) as QueueName[]) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(queueName), { strict: false });
      for (const job of await queue.getFailed(0, REDRIVE_LIMIT - 1)) {
        if (!isDailyWork(queueName, job.name)) continue;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        redriven.push(job.id!);
      }
    }
    if (redriven.length) this.logger.warn({ msg: 'daily work that had failed for good re-driven', jobs: redriven });
    return redriven;
  }
}
