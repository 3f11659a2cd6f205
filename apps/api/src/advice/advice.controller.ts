import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdviceService } from '../../../core/src/advice/advice.service';
import { READERS } from '../../../core/src/auth/roles';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { AppPlanAdviceDto, PlanAdviceQueryDto } from './advice.dto';
import { appPlanAdviceJson } from './advice.json';

@ApiTags('decision tools')
@ApiBearerAuth()
@Controller('v1/apps')
export class AdviceController {
  constructor(private readonly advice: AdviceService) {}

  @Get(':id/plan-advice')
  @Roles(...READERS)
  @ApiOperation({ summary: "The cost of every way to pay for the app's last closed days, and the cheapest that never throttles" })
  @ApiOkResponse({ type: AppPlanAdviceDto })
  async planAdvice(@Param('id', uuidParam('id')) id: string, @Query() query: PlanAdviceQueryDto) {
    return appPlanAdviceJson(await this.advice.forApp(id, query.days ?? 30));
  }
}
