import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG } from '../../core/src/config/config.module';
import type { AppConfig } from '../../core/src/config/config';
import { closeGracefullyOnSignal } from './shutdown';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM closes the BullMQ workers (in-flight jobs finish; what is left stays in Redis for the next worker), then the pools.
  closeGracefullyOnSignal(app, app.get<AppConfig>(APP_CONFIG).shutdownGraceMs);
  await app.init();
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'worker failed to start', error: (error as Error).message }));
  process.exit(1);
});
