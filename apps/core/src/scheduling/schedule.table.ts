import { JOBS, type JobName, type QueueName } from '../queue/jobs';

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
  job: JobName;
  /** Cron pattern, read in the billing time zone. */
  pattern: string;
  description: string;
  /**
   * False: the simulated clock does not replay this row. For safety nets whose
   * work the system also starts itself (replaying a 5-minute tick costs a queue
   * round trip per simulated 5 minutes).
   */
  replayed?: false;
}

export const SCHEDULE: readonly ScheduleEntry[] = [
  {
    id: 'settlement-daily',
    queue: 'settlement',
    job: JOBS.settlement.tick,
    pattern: '0 6 * * *',
    description: 'settle every pay-as-you-go app for the previous billing day, and any day missed before it',
  },
  {
    id: 'arrears-sweep',
    queue: 'settlement',
    job: JOBS.settlement.arrearsTick,
    pattern: '0 * * * *',
    description:
      'suspend, destroy or restore pay-as-you-go apps of accounts in (or out of) arrears; re-drive daily work that failed for good (a settlement day or chunk, a stuck close-day, a lifecycle or prepaid day)',
  },
  {
    id: 'vouchers-daily',
    queue: 'settlement',
    job: JOBS.settlement.vouchersTick,
    pattern: '0 0 * * *',
    description: 'move what vouchers past their last day still hold out of the wallets, through the ledger',
  },
  {
    id: 'lifecycle-daily',
    queue: 'lifecycle',
    job: JOBS.lifecycle.dailyTick,
    pattern: '0 0 * * *',
    description: 'restore or destroy suspended trial apps as of the day that just ended (and any day missed before it)',
  },
  {
    id: 'trial-sweep',
    queue: 'lifecycle',
    job: JOBS.lifecycle.sweepTick,
    pattern: '0 * * * *',
    description: 'suspend trial apps over 1,000 DAU today that ingest did not suspend',
  },
  {
    id: 'notifications-relay',
    queue: 'notifications',
    job: JOBS.notifications.tick,
    pattern: '*/5 * * * *',
    description: 'run the outbox relay (notices, webhook events, the job outbox) and re-enqueue deliveries whose job Redis lost',
    replayed: false,
  },
  {
    id: 'prepaid-daily',
    queue: 'prepaid',
    job: JOBS.prepaid.dailyTick,
    pattern: '0 0 * * *',
    description: 'the prepaid expiry lifecycle of the new day (reminders, auto-renewal, grace, suspension, destruction) and un-throttling',
  },
  {
    id: 'prepaid-hourly',
    queue: 'prepaid',
    job: JOBS.prepaid.hourlyTick,
    pattern: '30 * * * *',
    description: 'throttle prepaid apps over quota that ingest missed, and re-enqueue provisioning whose job was lost or gave up',
    replayed: false,
  },
  {
    id: 'revenue-rollup',
    queue: 'reporting',
    job: JOBS.reporting.rollupTick,
    pattern: '30 6 * * *',
    description:
      'roll up the revenue of every billing day whose settlement closed and is not rolled up yet (the revenue panels), after the 06:00 settlement',
  },
];

export type { TickData } from '../queue/jobs';
