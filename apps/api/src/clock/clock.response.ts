import { ApiProperty } from '@nestjs/swagger';
import { InstantProperty } from '../common/openapi/properties';

export class ClockDto {
  @InstantProperty()
  now: string;

  @ApiProperty({ description: 'CLOCK_MODE=simulated: the time moves only through POST /v1/clock/advance' })
  simulated: boolean;
}

export class ScheduledRunDto {
  @ApiProperty({ example: 'settlement-daily' })
  scheduleId: string;

  @ApiProperty({ example: 'settlement.tick' })
  job: string;

  @InstantProperty()
  scheduledFor: string;
}

export class ClockAdvanceDto {
  @InstantProperty()
  now: string;

  @ApiProperty({ enum: [true] })
  simulated: true;

  @InstantProperty()
  from: string;

  @ApiProperty({ type: [ScheduledRunDto], description: 'the ticks that ran, in order' })
  ran: ScheduledRunDto[];
}
