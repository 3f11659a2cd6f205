import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // SIGTERM closes the BullMQ workers: in-flight jobs finish, and what is left stays in Redis for the next worker.
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'worker failed to start', error: (error as Error).message }));
  process.exit(1);
});
