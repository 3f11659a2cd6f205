import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CoreModule } from '../../core/src/core.module';
import { loggerModule } from '../../core/src/logging';
import { ACCOUNT_CONTROLLERS } from './accounts';
import { APPLICATION_CONTROLLERS } from './applications';
import { ORDER_CONTROLLERS } from './orders';
import { AuditController } from './audit/audit.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { ApiKeysController } from './auth/api-keys.controller';
import { ClockController } from './clock/clock.controller';
import { ErrorFilter } from './common/error.filter';
import { Draining } from './health/draining';
import { HealthController } from './health/health.controller';
import { NOTIFICATION_CONTROLLERS } from './notifications';
import { ApiOperationsModule } from './operations';
import { LifecyclePreviewController } from './lifecycle-preview/preview.controller';
import { QuotesController } from './quotes/quotes.controller';
import { STATEMENT_CONTROLLERS } from './statements';

@Module({
  imports: [loggerModule('api'), CoreModule, ApiOperationsModule],
  controllers: [
    ApiKeysController,
    AuditController,
    QuotesController,
    ClockController,
    HealthController,
    ...ACCOUNT_CONTROLLERS,
    ...APPLICATION_CONTROLLERS,
    ...ORDER_CONTROLLERS,
    ...NOTIFICATION_CONTROLLERS,
    ...STATEMENT_CONTROLLERS,
    LifecyclePreviewController,
  ],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, { provide: APP_FILTER, useClass: ErrorFilter }, Draining],
})
export class ApiModule {}
