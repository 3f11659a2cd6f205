import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PricingModule } from './pricing/pricing.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SettlementModule } from './settlement/settlement.module';

const DOMAINS = [AuthModule, PricingModule, SchedulingModule, SettlementModule, NotificationsModule, AccountsModule, ApplicationsModule];

/** The domain, shared by the API and the worker process: infrastructure (global) and one module per domain. */
@Module({
  imports: [ConfigModule, PrismaModule, ClockModule, QueueModule, ...DOMAINS],
  exports: DOMAINS,
})
export class CoreModule {}
