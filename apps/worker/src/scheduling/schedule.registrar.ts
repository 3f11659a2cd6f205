import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '../../../core/src/config/config.module';
import type { AppConfig } from '../../../core/src/config/config';
import { SCHEDULE } from '../../../core/src/scheduling/schedule.table';

/**
 * Upserts one BullMQ job scheduler per row of the schedule table, with the
 * billing time zone. Under the simulated clock the schedulers are removed:
 * ticks then come only from `POST /v1/clock/advance`.
 */
@Injectable()
export class ScheduleRegistrar implements OnApplicationBootstrap {
  private readonly logger = new Logger(ScheduleRegistrar.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const entry of SCHEDULE) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(entry.queue), { strict: false });
      if (this.config.clockMode === 'simulated') {
        await queue.removeJobScheduler(entry.id);
        continue;
      }
      await queue.upsertJobScheduler(
        entry.id,
        { pattern: entry.pattern, tz: this.config.billingTz },
        { name: entry.job, data: { scheduleId: entry.id } },
      );
      this.logger.log({ msg: 'job scheduler upserted', id: entry.id, pattern: entry.pattern, tz: this.config.billingTz });
    }
  }
}
