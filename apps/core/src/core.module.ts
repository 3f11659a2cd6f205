import { Module, type Type } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AdviceModule } from './advice/advice.module';
import { ApplicationsModule } from './applications/applications.module';
import { ExportModule } from './export/export.module';
import { LifecyclePreviewModule } from './lifecycle-preview/preview.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock.module';
import { ConfigModule } from './config/config.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LedgerModule } from './ledger/ledger.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OperationsModule } from './operations/operations.module';
import { OutboxModule } from './outbox/outbox.module';
import { OrdersModule } from './orders/orders.module';
import { PricingModule } from './pricing/pricing.module';
import { PrismaModule } from './prisma/prisma.module';
import { QueueModule } from './queue/queue.module';
import { QuotaModule } from './quota/quota.module';
import { QuotesModule } from './quotes/quotes.module';
import { RefundsModule } from './refunds/refunds.module';
import { ReportingModule } from './reporting/reporting.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { SettlementModule } from './settlement/settlement.module';
import { StatementsModule } from './statements/statements.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { UsageModule } from './usage/usage.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** One module per domain folder, lowest layer first (the order of dependency-layers.cjs). */
const DOMAINS: Type[] = [
  NotificationsModule,
  AuthModule,
  AuditModule,
  PricingModule,
  IdempotencyModule,
  SchedulingModule,
  WebhooksModule,
  LedgerModule,
  LifecycleModule,
  QuotaModule,
  AccountsModule,
  ApplicationsModule,
  UsageModule,
  OrdersModule,
  SubscriptionsModule,
  SettlementModule,
  RefundsModule,
  OperationsModule,
  QuotesModule,
  ReportingModule,
  AdviceModule,
  ExportModule,
  LifecyclePreviewModule,
  StatementsModule,
];

/** The domain, shared by the API and the worker process: infrastructure (global) and one module per domain. */
@Module({
  imports: [ConfigModule, PrismaModule, ClockModule, QueueModule, OutboxModule, ...DOMAINS],
  exports: DOMAINS,
})
export class CoreModule {}
