import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import type { Clock } from '../../../core/src/clock/clock';
import { loadJobLocks } from '../../../core/src/config/config';
import { DomainError } from '../../../core/src/errors/domain-error';
import { cappedBackoff } from '../../../core/src/queue/retry-schedule';
import type { JobName, JobPayloads, QueueName } from '../../../core/src/queue/jobs';

/** One handler for every job of queue Q in the jobs catalog, each given its own payload type. */
export type JobHandlers<Q extends QueueName> = { [N in JobName<Q>]: (job: Job<JobPayloads[N]>) => Promise<unknown> };

/**
 * The BullMQ options of every processor. The lock settings say how soon a job
 * held by a killed worker is handed to another (tests and benchmarks shorten them);
 * the backoff strategy computes the delays of the capped retry schedule.
 */
export function processorOptions(concurrency: number) {
  const locks = loadJobLocks();
  return {
    concurrency,
    lockDuration: locks.lockDurationMs,
    stalledInterval: locks.stalledIntervalMs,
    settings: { backoffStrategy: cappedBackoff },
  };
}

/**
 * Every job first reads the shared clock (the simulated one may have moved),
 * then runs the handler of its name. A job of an unknown name is a bug, and a
 * DomainError is a rule the job's data breaks: running either again gives the
 * same answer, so neither is retried (BullMQ's UnrecoverableError). Any other
 * error is rethrown as it is and retried with backoff.
 */
export abstract class ClockedProcessor<Q extends QueueName> extends WorkerHost {
  protected abstract readonly clock: Clock;
  protected abstract readonly handlers: JobHandlers<Q>;

  async process(job: Job): Promise<unknown> {
    await this.clock.sync();
    const handler = (this.handlers as Partial<Record<string, (job: Job) => Promise<unknown>>>)[job.name];
    if (!handler) throw new UnrecoverableError(`unknown job ${job.name} on queue ${job.queueName}`);
    try {
      return await handler(job);
    } catch (error) {
      if (error instanceof DomainError) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
