import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Clock } from '../../../core/src/clock/clock';
import { APP_CONFIG } from '../../../core/src/config/config.module';
import type { AppConfig } from '../../../core/src/config/config';
import { latestTick } from '../../../core/src/scheduling/schedule.rules';
import { SCHEDULE, TickData } from '../../../core/src/scheduling/schedule.table';
import { ScheduledRunService } from '../../../core/src/scheduling/scheduled-run.service';

/**
 * Runs a tick of the schedule table and records it. A tick from a BullMQ job
 * scheduler carries no due time: it stands for the latest one at or before now,
 * so a late tick still does the work of the day it was due.
 */
@Injectable()
export class TickRunner {
  constructor(
    private readonly runs: ScheduledRunService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(job: Job<Partial<TickData>>, work: (scheduledFor: Date) => Promise<unknown>): Promise<unknown> {
    const entry = SCHEDULE.find((candidate) => candidate.id === job.data.scheduleId);
    if (!entry) throw new Error(`tick for unknown schedule ${job.data.scheduleId}`);
    const scheduledFor = job.data.scheduledFor
      ? new Date(job.data.scheduledFor)
      : latestTick(entry, this.config.billingTz, this.clock.now());
    return this.runs.record(entry.id, scheduledFor, () => work(scheduledFor));
  }
}
