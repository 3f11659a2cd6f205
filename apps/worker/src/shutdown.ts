import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import { drainOnSignal } from '../../core/src/process/drain-on-signal';

/**
 * The worker on SIGTERM: every BullMQ worker stops taking jobs and lets its
 * active ones finish; only then do the modules close their pools (Nest's own
 * shutdown would close the pools first, under jobs still running).
 */
export function closeGracefullyOnSignal(app: INestApplicationContext, graceMs: number): void {
  drainOnSignal({
    what: 'jobs',
    graceMs,
    drain: async () => {
      const hosts = app
        .get(DiscoveryService)
        .getProviders()
        .map((wrapper) => wrapper.instance as unknown)
        .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
      await Promise.all(hosts.map((host) => host.worker.close()));
    },
    close: () => app.close(),
  });
}
