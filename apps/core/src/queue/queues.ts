import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';
import type { RetrySchedule } from '../config/config';
import { retryOptions } from './retry-schedule';

// The queue names live in the jobs catalog; they are read from here too, beside the connection settings.
export { QUEUES, type QueueName } from './jobs';

/** Parent/child job trees: a day's settlement closes when all its chunks are done. */
export const FLOW_PRODUCER = 'flows';

/**
 * Retries on the capped exponential schedule (long enough to outlive an outage
 * of Postgres or Redis); completed jobs are kept a while so a deterministic job
 * id dedupes late duplicates, failed ones long enough for the hourly re-drive.
 */
export function defaultJobOptions(retry: RetrySchedule): DefaultJobOptions {
  return {
    ...retryOptions(retry),
    removeOnComplete: { age: 7 * 24 * 3600, count: 10000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

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
