import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { CoreModule } from '../../apps/core/src/core.module';
import { SettlementService } from '../../apps/core/src/settlement/settlement.service';

@Module({ imports: [CoreModule] })
class BenchModule {}

/** Does what the 06:00 tick does: enqueues the due day for the worker(s). */
export async function startSettlement(env: NodeJS.ProcessEnv): Promise<void> {
  Object.assign(process.env, env);
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const day = await app.get(SettlementService).enqueueDue();
  if (!day) throw new Error('no settlement day is due');
  await app.close();
}
