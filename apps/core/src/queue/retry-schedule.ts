import type { BackoffOptions, JobsOptions, MinimalJob } from 'bullmq';
import type { RetrySchedule } from '../config/config';

/** The BullMQ backoff type of capped exponential retries (BullMQ's own exponential backoff has no cap). */
export const CAPPED_EXPONENTIAL = 'capped-exponential';

/** The cap rides on the job, so a job keeps the schedule it was added with whatever the worker's settings. */
interface CappedBackoff extends BackoffOptions {
  maxDelay: number;
}

/** The attempts and backoff of a job retried on this schedule. */
export function retryOptions(schedule: RetrySchedule): Pick<JobsOptions, 'attempts' | 'backoff'> {
  const backoff: CappedBackoff = { type: CAPPED_EXPONENTIAL, delay: schedule.firstDelayMs, maxDelay: schedule.maxDelayMs };
  return { attempts: schedule.attempts, backoff };
}

/** The delay before retry n (1-based): the first delay doubled n-1 times, never over the cap. */
export function retryDelay(schedule: Pick<RetrySchedule, 'firstDelayMs' | 'maxDelayMs'>, retry: number): number {
  return Math.min(schedule.firstDelayMs * 2 ** (retry - 1), schedule.maxDelayMs);
}

/** Every delay of the schedule, in order: how long a job keeps being retried is their sum. */
export function retryDelays(schedule: RetrySchedule): number[] {
  return Array.from({ length: schedule.attempts - 1 }, (_, i) => retryDelay(schedule, i + 1));
}

/**
 * The workers' strategy for the custom backoff type (BullMQ calls it with the
 * attempts made so far, the first failure being 1).
 */
export function cappedBackoff(attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number {
  const backoff = job?.opts.backoff as CappedBackoff | undefined;
  if (type !== CAPPED_EXPONENTIAL || !backoff?.delay) throw new Error(`unknown backoff type ${type}`);
  return retryDelay({ firstDelayMs: backoff.delay, maxDelayMs: backoff.maxDelay ?? Number.POSITIVE_INFINITY }, attemptsMade);
}
