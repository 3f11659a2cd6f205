import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AdviceModule } from './advice/advice.module';
import { ApplicationsModule } from './applications/applications.module';
import { ExportModule } from './export/export.module';
import { LifecyclePreviewModule } from './lifecycle-preview/preview.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OperationsModule } from './operations/operations.module';
import { OrdersModule } from './orders/orders.module';
import { PricingModule } from './pricing/pricing.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';
import { RefundsModule } from './refunds/refunds.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SettlementModule } from './settlement/settlement.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebhooksModule } from './webhooks/webhooks.module';

const DOMAINS = [AuthModule, PricingModule, SchedulingModule, SettlementModule, NotificationsModule, AccountsModule, ApplicationsModule, OrdersModule, SubscriptionsModule, RefundsModule, WebhooksModule, OperationsModule, AdviceModule, ExportModule, LifecyclePreviewModule];

/** The domain, shared by the API and the worker process: infrastructure (global) and one module per domain. */
@Module({
  imports: [ConfigModule, PrismaModule, ClockModule, QueueModule, ...DOMAINS],
  exports: DOMAINS,
})
export class CoreModule {}
