import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { PrismaService } from '../prisma/prisma.service';
import { Clock, SystemClock } from './clock';
import { SimulatedClock } from './simulated-clock';

@Global()
@Module({
  providers: [
    {
      provide: Clock,
      inject: [APP_CONFIG, PrismaService],
      useFactory: async (config: AppConfig, prisma: PrismaService): Promise<Clock> => {
        if (config.clockMode === 'system') return new SystemClock();
        const clock = new SimulatedClock(prisma);
        await clock.init(config.clockStart, new Date());
        return clock;
      },
    },
  ],
  exports: [Clock],
})
export class ClockModule {}
