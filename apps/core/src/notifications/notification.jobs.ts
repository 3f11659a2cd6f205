import type { DeliveryConfig } from '../config/config';
import type { RelayedJob } from '../outbox/outbox-relay';
import { JOBS, type DeliveryJobData, type JobName } from '../queue/jobs';
import { jobId } from '../queue/queues';

/** One job per delivery row, with the row's id in the job id: enqueuing it again is a no-op. */
export function deliveryJob(
  kind: 'notice' | 'webhook',
  deliveryId: string,
  config: DeliveryConfig,
): RelayedJob & { name: JobName; data: DeliveryJobData } {
  return {
    queue: kind === 'notice' ? 'notifications' : 'webhooks',
    name: kind === 'notice' ? JOBS.notifications.deliver : JOBS.webhooks.deliver,
    data: { deliveryId },
    opts: {
      jobId: jobId(kind, deliveryId),
      attempts: config.attempts,
      backoff: { type: 'exponential', delay: config.backoffMs },
    },
  };
}

/** True when this run of the job is the last BullMQ will make (attemptsMade counts the failed runs before it). */
export function isLastAttempt(job: { attemptsMade: number; opts: { attempts?: number } }): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
