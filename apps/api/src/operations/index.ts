import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { installHttpMetrics } from './http-metrics';
import { mountQueueDashboard } from './queue-dashboard';

export { ApiOperationsModule } from './operations.module';

/** Fastify-level parts of the operations surface; call before the application is initialised. */
export async function installOperations(app: NestFastifyApplication): Promise<void> {
  installHttpMetrics(app);
  await mountQueueDashboard(app);
}
