import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { ScheduledRunRepository } from './scheduled-run.repository';

/** The audit of ticks: one row per (schedule, due instant), however often the tick is delivered. */
@Injectable()
export class ScheduledRunService {
  constructor(
    private readonly runs: ScheduledRunRepository,
    private readonly clock: Clock,
  ) {}

  /** Runs the work of one due tick, recording when it started and, if it succeeds, when it finished. */
  async record<T>(scheduleId: string, scheduledFor: Date, work: () => Promise<T>): Promise<T> {
    await this.runs.started(scheduleId, scheduledFor, this.clock.now());
    const result = await work();
    await this.runs.finished(scheduleId, scheduledFor, this.clock.now());
    return result;
  }
}
