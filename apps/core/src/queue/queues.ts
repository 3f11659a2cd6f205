import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';

/** Every BullMQ queue of the system. Ticks of the schedule table land on the queue of their domain. */
export const QUEUES = ['settlement', 'lifecycle', 'notifications', 'webhooks', 'prepaid', 'reporting'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Parent/child job trees: a day's settlement closes when all its chunks are done. */
export const FLOW_PRODUCER = 'flows';

/** Retries with backoff; completed jobs are kept a while so a deterministic job id dedupes late duplicates. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null,
  };
}

/** BullMQ job ids may not contain ':' nor look like integers. */
export function jobId(...parts: (string | number)[]): string {
  return parts.join('__');
}
