import 'reflect-metadata';
import { APP_CONFIG } from '../../core/src/config/config.module';
import type { AppConfig } from '../../core/src/config/config';
import { createApi } from './bootstrap';
import { closeGracefullyOnSignal } from './shutdown';

async function main(): Promise<void> {
  const app = await createApi();
  const config = app.get<AppConfig>(APP_CONFIG);
  closeGracefullyOnSignal(app, config.shutdownGraceMs);
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'api failed to start', error: (error as Error).message }));
  process.exit(1);
});
