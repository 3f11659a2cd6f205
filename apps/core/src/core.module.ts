import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './auth/api-key.repository';
import { ApiKeyService } from './auth/api-key.service';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { PriceBookRepository } from './pricing/price-book.repository';
import { PriceBookService } from './pricing/price-book.service';
import { QuoteService } from './pricing/quote.service';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';
import { ClockAdvanceService } from './scheduling/clock-advance.service';
import { ScheduledRunRepository } from './scheduling/scheduled-run.repository';
import { SettlementRepository } from './settlement/settlement.repository';
import { SettlementService } from './settlement/settlement.service';

const SERVICES = [
  ApiKeyRepository,
  ApiKeyService,
  PriceBookRepository,
  PriceBookService,
  QuoteService,
  ScheduledRunRepository,
  ClockAdvanceService,
  SettlementRepository,
  SettlementService,
];

/** The domain, shared by the API and the worker process. */
@Module({
  imports: [ConfigModule, PrismaModule, ClockModule, QueueModule],
  providers: SERVICES,
  exports: [ConfigModule, PrismaModule, ClockModule, QueueModule, ...SERVICES],
})
export class CoreModule {}
