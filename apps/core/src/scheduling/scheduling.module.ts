import { Module } from '@nestjs/common';
import { ClockAdvanceService } from './clock-advance.service';
import { DailyRedriveService } from './daily-redrive.service';
import { ScheduledRunRepository } from './scheduled-run.repository';
import { ScheduledRunService } from './scheduled-run.service';

@Module({
  providers: [ScheduledRunRepository, ScheduledRunService, ClockAdvanceService, DailyRedriveService],
  exports: [ScheduledRunService, ClockAdvanceService, DailyRedriveService],
})
export class SchedulingModule {}
