import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';

/**
 * SIGTERM, in the order that loses nothing (SPEC 15): every BullMQ worker
 * stops taking jobs and lets its active ones finish; only then do the
 * modules close their pools (Nest's own shutdown would close the pools
 * first, under jobs still running). Past `graceMs` the process exits; a job
 * cut short is handed back by BullMQ's stalled-job check and runs again,
 * which every job is written to survive.
 */
export function closeGracefullyOnSignal(
  app: INestApplicationContext,
  graceMs: number,
  signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log({ msg: 'draining jobs', signal, graceMs });
    const deadline = setTimeout(() => {
      logger.error({ msg: 'grace period over; exiting with jobs in flight', graceMs });
      process.exit(1);
    }, graceMs);
    deadline.unref();
    const hosts = app
      .get(DiscoveryService)
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
    await Promise.all(hosts.map((host) => host.worker.close()));
    await app.close();
    logger.log({ msg: 'stopped' });
    process.exit(0);
  };
  for (const signal of signals) process.once(signal, (received) => void close(received));
}
