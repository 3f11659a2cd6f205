import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/src/core.module';
import { loggerModule } from '../../core/src/logging';
import { LIFECYCLE_PROCESSORS } from './lifecycle';
import { NOTIFICATION_PROCESSORS } from './notifications';
import { WorkerOperationsModule } from './operations/operations.module';
import { PrepaidProcessor } from './prepaid/prepaid.processor';
import { ReportingProcessor } from './reporting/reporting.processor';
import { ScheduleRegistrar } from './scheduling/schedule.registrar';
import { TickRunner } from './scheduling/tick-runner';
import { SettlementProcessor } from './settlement/settlement.processor';

/** The BullMQ process: processors and the schedule registrar; no HTTP server. */
@Module({
  imports: [loggerModule('worker'), CoreModule, WorkerOperationsModule],
  providers: [
    TickRunner,
    ScheduleRegistrar,
    SettlementProcessor,
    PrepaidProcessor,
    ReportingProcessor,
    ...LIFECYCLE_PROCESSORS,
    ...NOTIFICATION_PROCESSORS,
  ],
})
export class WorkerModule {}
