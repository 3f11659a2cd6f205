import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { Clock } from '../../../core/src/clock/clock';
import { ClockAdvanceService } from '../../../core/src/scheduling/clock-advance.service';
import { Roles } from '../auth/roles.decorator';
import { toJson } from '../common/serialize';
import { PlatformWide } from '../auth/scope.decorator';

class AdvanceClockDto {
  @ApiProperty({ example: '2026-01-02T06:00:00+08:00', description: 'the instant to move the simulated clock to' })
  @IsISO8601({ strict: true })
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
  now() {
    return { now: this.clock.now().toISOString(), simulated: this.clock.simulated };
  }

  /** Answers once every scheduled job due up to `to` has run, in order (CLOCK_MODE=simulated only). */
  @Post('advance')
  @HttpCode(200)
  async advance(@Body() body: AdvanceClockDto) {
    const result = await this.advancer.advance(new Date(body.to));
    return toJson({ now: result.now, simulated: true, from: result.from, ran: result.ran });
  }
}
