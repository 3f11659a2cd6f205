import { Module } from '@nestjs/common';
import { ClockAdvanceService } from './clock-advance.service';
import { DailyRedriveService } from './daily-redrive.service';
import { ScheduledRunRepository } from './scheduled-run.repository';

@Module({
  providers: [ScheduledRunRepository, ClockAdvanceService, DailyRedriveService],
  exports: [ScheduledRunRepository, ClockAdvanceService, DailyRedriveService],
})
export class SchedulingModule {}
