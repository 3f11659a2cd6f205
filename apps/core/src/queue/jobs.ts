/**
 * The jobs catalog: every BullMQ queue, every job name on it and the payload
 * each job carries. The schedule table, the services that enqueue and the
 * worker's processors all read their names and payload types from here.
 */

/** Every BullMQ queue of the system. Ticks of the schedule table land on the queue of their domain. */
export const QUEUES = ['settlement', 'lifecycle', 'notifications', 'webhooks', 'prepaid', 'reporting'] as const;
export type QueueName = (typeof QUEUES)[number];

export const JOBS = {
  settlement: {
    tick: 'settlement.tick',
    settleDay: 'settlement.settle-day',
    settleChunk: 'settlement.settle-chunk',
    closeDay: 'settlement.close-day',
    arrearsTick: 'settlement.arrears-tick',
    arrearsSweep: 'settlement.arrears-sweep',
    vouchersTick: 'settlement.vouchers-tick',
    expireVouchers: 'settlement.expire-vouchers',
  },
  lifecycle: {
    dailyTick: 'lifecycle.daily-tick',
    sweepTick: 'lifecycle.sweep-tick',
    trialDay: 'lifecycle.trial-day',
    trialChunk: 'lifecycle.trial-chunk',
    trialSweep: 'lifecycle.trial-sweep',
    trialForecast: 'lifecycle.trial-forecast',
  },
  notifications: {
    /** The schedule table's safety net: runs the outbox relay and re-enqueues deliveries whose job was lost. */
    tick: 'notifications.tick',
    deliver: 'notifications.deliver',
  },
  webhooks: {
    deliver: 'webhooks.deliver',
  },
  prepaid: {
    dailyTick: 'prepaid.daily-tick',
    hourlyTick: 'prepaid.hourly-tick',
    day: 'prepaid.day',
    sweep: 'prepaid.sweep',
    provision: 'prepaid.provision',
  },
  reporting: {
    rollupTick: 'reporting.rollup-tick',
    rollup: 'reporting.revenue-rollup',
  },
} as const satisfies Record<QueueName, Record<string, string>>;

/** The job names of queue Q (of every queue by default). */
export type JobName<Q extends QueueName = QueueName> = Q extends QueueName ? (typeof JOBS)[Q][keyof (typeof JOBS)[Q]] : never;

/**
 * The daily work, by queue: the daily ticks and the jobs they start. When one
 * fails for good (its retries spent) the next hourly tick re-drives it, and a
 * failed attempt makes the simulated clock's advance answer with the failure.
 */
export const DAILY_WORK: { readonly [Q in QueueName]?: readonly JobName<Q>[] } = {
  settlement: [
    JOBS.settlement.tick,
    JOBS.settlement.settleDay,
    JOBS.settlement.settleChunk,
    JOBS.settlement.closeDay,
    JOBS.settlement.vouchersTick,
    JOBS.settlement.expireVouchers,
  ],
  lifecycle: [JOBS.lifecycle.dailyTick, JOBS.lifecycle.trialDay, JOBS.lifecycle.trialChunk, JOBS.lifecycle.trialForecast],
  prepaid: [JOBS.prepaid.dailyTick, JOBS.prepaid.day],
  reporting: [JOBS.reporting.rollupTick, JOBS.reporting.rollup],
};

/** True when a job of this queue and name is daily work. */
export function isDailyWork(queue: string, name: string): boolean {
  return (DAILY_WORK[queue as QueueName] as readonly string[] | undefined)?.includes(name) ?? false;
}

/** What a tick of the schedule table carries (the simulated clock's replays set both fields). */
export interface TickData {
  scheduleId: string;
  /** The instant the tick was due, ISO 8601. */
  scheduledFor: string;
}

export interface DeliveryJobData {
  deliveryId: string;
}

/** A billing day, YYYY-MM-DD. */
interface DayData {
  day: string;
}

/** The payload of every job, by name. */
export interface JobPayloads {
  'settlement.tick': Partial<TickData>;
  'settlement.settle-day': DayData;
  'settlement.settle-chunk': DayData & { chunkNo: number };
  'settlement.close-day': DayData;
  'settlement.arrears-tick': Partial<TickData>;
  'settlement.arrears-sweep': Record<string, never>;
  'settlement.vouchers-tick': Partial<TickData>;
  'settlement.expire-vouchers': DayData;
  'lifecycle.daily-tick': Partial<TickData>;
  'lifecycle.sweep-tick': Partial<TickData>;
  'lifecycle.trial-day': { lastEndedDay: string };
  'lifecycle.trial-chunk': { lastEndedDay: string; appIds: string[] };
  'lifecycle.trial-sweep': DayData;
  'lifecycle.trial-forecast': { today: string };
  'notifications.tick': Partial<TickData>;
  'notifications.deliver': DeliveryJobData;
  'webhooks.deliver': DeliveryJobData;
  'prepaid.daily-tick': Partial<TickData>;
  'prepaid.hourly-tick': Partial<TickData>;
  'prepaid.day': DayData;
  'prepaid.sweep': DayData;
  'prepaid.provision': { orderId: string };
  'reporting.rollup-tick': Partial<TickData>;
  'reporting.revenue-rollup': Record<string, never>;
}

export type JobPayload<N extends JobName> = JobPayloads[N];
