import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import type { Clock } from '../../../core/src/clock/clock';

export type JobHandlers = Record<string, (job: Job) => Promise<unknown>>;

/**
 * The BullMQ options of every processor. The lock settings say how soon a job
 * held by a killed worker is handed to another (tests and benchmarks shorten them).
 */
export function processorOptions(concurrency: number) {
  return {
    concurrency,
    lockDuration: Number(process.env.JOB_LOCK_MS ?? 60_000),
    stalledInterval: Number(process.env.JOB_STALLED_CHECK_MS ?? 30_000),
  };
}

/**
 * Every job first reads the shared clock (the simulated one may have moved),
 * then runs the handler of its name. A job of an unknown name is a bug, not a
 * transient failure: it is not retried.
 */
export abstract class ClockedProcessor extends WorkerHost {
  protected abstract readonly clock: Clock;
  protected abstract readonly handlers: JobHandlers;

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    const handler = this.handlers[job.name];
    if (!handler) throw new UnrecoverableError(`unknown job ${job.name} on queue ${job.queueName}`);
    return handler(job);
  }
}
