import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { Draining } from './health/draining';

/**
 * SIGTERM, in the order that loses nothing (SPEC 15): /health turns 503 so
 * that balancers stop sending work; the listener stops taking connections and
 * in-flight requests finish; only then do the modules close their pools.
 * Past `graceMs` the process exits anyway (what was not answered is retried
 * by the client under its Idempotency-Key).
 */
export function closeGracefullyOnSignal(
  app: NestFastifyApplication,
  graceMs: number,
  signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log({ msg: 'draining', signal, graceMs });
    const deadline = setTimeout(() => {
      logger.error({ msg: 'grace period over; exiting with requests in flight', graceMs });
      process.exit(1);
    }, graceMs);
    deadline.unref();
    app.get(Draining).active = true;
    await app.getHttpAdapter().getInstance().close();
    await app.close();
    logger.log({ msg: 'stopped' });
    process.exit(0);
  };
  for (const signal of signals) process.once(signal, (received) => void close(received));
}
