import { Module } from '@nestjs/common';
import { ClockAdvanceService } from './clock-advance.service';
import { ScheduledRunRepository } from './scheduled-run.repository';
import { ScheduledRunService } from './scheduled-run.service';

@Module({
  providers: [ScheduledRunRepository, ScheduledRunService, ClockAdvanceService],
  exports: [ScheduledRunService, ClockAdvanceService],
})
export class SchedulingModule {}
