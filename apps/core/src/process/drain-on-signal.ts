import { Logger } from '@nestjs/common';

export interface Drain {
  /** What is being drained, for the logs ("requests", "jobs"). */
  what: string;
  graceMs: number;
  /** Stops taking new work and waits for the work in flight. */
  drain: () => Promise<void>;
  /** Closes the modules (and with them the pools), once nothing uses them. */
  close: () => Promise<void>;
  signals?: NodeJS.Signals[];
}

/**
 * SIGTERM in the order that loses nothing (SPEC 15): drain first, then close
 * the pools. Past `graceMs` the process exits anyway; what was cut short is
 * retried (a request under its Idempotency-Key, a job by BullMQ's stalled-job
 * check), which every write and job is written to survive.
 */
export function drainOnSignal({ what, graceMs, drain, close, signals = ['SIGTERM', 'SIGINT'] }: Drain): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log({ msg: `draining ${what}`, signal, graceMs });
    const deadline = setTimeout(() => {
      logger.error({ msg: `grace period over; exiting with ${what} in flight`, graceMs });
      process.exit(1);
    }, graceMs);
    deadline.unref();
    await drain();
    await close();
    logger.log({ msg: 'stopped' });
    process.exit(0);
  };
  for (const signal of signals) process.once(signal, (received) => void stop(received));
}
