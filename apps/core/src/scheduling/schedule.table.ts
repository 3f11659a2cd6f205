import type { QueueName } from '../queue/queues';

/**
 * The job-schedule table: every recurring job of the system, as data. The
 * worker upserts one BullMQ job scheduler per row at boot (system clock); the
 * simulated clock replays the same rows on `POST /v1/clock/advance`. A tick
 * only enqueues work; the work is done by the jobs it enqueues.
 */
export interface ScheduleEntry {
  id: string;
  queue: QueueName;
  /** The BullMQ job name of the tick. */
  job: string;
  /** Cron pattern, read in the billing time zone. */
  pattern: string;
  description: string;
}

export const SCHEDULE: readonly ScheduleEntry[] = [
  {
    id: 'settlement-daily',
    queue: 'settlement',
    job: 'settlement.tick',
    pattern: '0 6 * * *',
    description: 'settle every pay-as-you-go app for the previous billing day, and any day missed before it',
  },
];

export interface TickData {
  scheduleId: string;
  /** The instant the tick was due, ISO 8601. */
  scheduledFor: string;
}
