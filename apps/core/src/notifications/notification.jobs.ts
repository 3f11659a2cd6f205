import type { JobsOptions } from 'bullmq';
import type { DeliveryConfig } from '../config/config';
import { jobId } from '../queue/queues';

export const NOTIFICATION_JOBS = {
  /** The schedule table's safety net: kicks the relay and re-enqueues deliveries whose job was lost. */
  tick: 'notifications.tick',
  relay: 'notifications.relay',
  deliver: 'notifications.deliver',
} as const;

export const WEBHOOK_JOBS = { deliver: 'webhooks.deliver' } as const;

export interface DeliveryJobData {
  deliveryId: string;
}

/** One job per delivery row, with the row's id in the job id: enqueuing it again is a no-op. */
export function deliveryJob(kind: 'notice' | 'webhook', deliveryId: string, config: DeliveryConfig): { name: string; data: DeliveryJobData; opts: JobsOptions } {
  return {
    name: kind === 'notice' ? NOTIFICATION_JOBS.deliver : WEBHOOK_JOBS.deliver,
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
