import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { drainOnSignal } from '../../core/src/process/drain-on-signal';
import { Draining } from './health/draining';

/**
 * The API on SIGTERM: /health turns 503 so that balancers stop sending work,
 * the listener stops taking connections and in-flight requests finish; only
 * then do the modules close their pools.
 */
export function closeGracefullyOnSignal(app: NestFastifyApplication, graceMs: number): void {
  drainOnSignal({
    what: 'requests',
    graceMs,
    drain: async () => {
      app.get(Draining).active = true;
      await app.getHttpAdapter().getInstance().close();
    },
    close: () => app.close(),
  });
}
