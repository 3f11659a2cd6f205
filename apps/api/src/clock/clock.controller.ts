import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { Clock } from '../../../core/src/clock/clock';
import { ClockAdvanceService } from '../../../core/src/scheduling/clock-advance.service';
import { Roles } from '../auth/roles.decorator';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { ClockAdvanceDto, ClockDto } from './clock.response';
import { IsBillingInstant } from '../common/billing-date.validator';
import { PlatformWide } from '../auth/scope.decorator';

class AdvanceClockDto {
  @ApiProperty({ example: '2026-01-02T06:00:00+08:00', description: 'the instant to move the simulated clock to' })
  @IsISO8601({ strict: true })
  @IsBillingInstant()
  to: string;
}

@ApiTags('clock')
@ApiBearerAuth()
@PlatformWide()
@Controller('v1/clock')
export class ClockController {
  constructor(
    private readonly clock: Clock,
    private readonly advancer: ClockAdvanceService,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiDoc('Get the time the system runs on')
  @ApiOkResponse({ type: ClockDto })
  @ApiErrors()
  now(): ClockDto {
    return { now: this.clock.now().toISOString(), simulated: this.clock.simulated };
  }

  @Post('advance')
  @HttpCode(200)
  @ApiDoc(
    'Move the simulated clock',
    'Admin, CLOCK_MODE=simulated only (`NOT_FOUND` otherwise). Runs every scheduled job due up to `to`, in order, through the real queues, and answers once they have all finished.',
  )
  @ApiOkResponse({ type: ClockAdvanceDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async advance(@Body() body: AdvanceClockDto): Promise<ClockAdvanceDto> {
    const result = await this.advancer.advance(new Date(body.to));
    const ran = result.ran.map((run) => ({ ...run, scheduledFor: run.scheduledFor.toISOString() }));
    return { now: result.now.toISOString(), simulated: true, from: result.from.toISOString(), ran };
  }
}
