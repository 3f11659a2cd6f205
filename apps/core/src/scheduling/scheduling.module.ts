import { Module } from '@nestjs/common';
import { ClockAdvanceService } from './clock-advance.service';
import { ScheduledRunRepository } from './scheduled-run.repository';

@Module({ providers: [ScheduledRunRepository, ClockAdvanceService], exports: [ScheduledRunRepository, ClockAdvanceService] })
export class SchedulingModule {}
