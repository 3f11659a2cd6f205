import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/src/core.module';
import { loggerModule } from '../../core/src/logging';
import { LIFECYCLE_PROCESSORS } from './lifecycle';
import { ScheduleRegistrar } from './scheduling/schedule.registrar';
import { TickRunner } from './scheduling/tick-runner';
import { SettlementProcessor } from './settlement/settlement.processor';

/** The BullMQ process: processors and the schedule registrar; no HTTP server. */
@Module({
  imports: [loggerModule('worker'), CoreModule],
  providers: [TickRunner, ScheduleRegistrar, SettlementProcessor, ...LIFECYCLE_PROCESSORS],
})
export class WorkerModule {}
