import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdviceService } from '../../../core/src/advice/advice.service';
import { READERS } from '../../../core/src/auth/roles';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { AppPlanAdviceDto, PlanAdviceQueryDto } from './advice.dto';
import { appPlanAdviceJson } from './advice.json';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('decision tools')
@ApiBearerAuth()
@Controller('v1/apps')
export class AdviceController {
  constructor(private readonly advice: AdviceService) {}

  @Get(':id/plan-advice')
  @Roles(...READERS)
  @AccountScoped({ id: 'app' })
  @ApiDoc(
    "Advise a plan from the app's own usage",
    "The cost of every way to pay for the app's last `days` closed days (7-366, default 30), priced by the billing rules, and the cheapest that never throttles, with its saving against the app's current plan.",
  )
  @ApiOkResponse({ type: AppPlanAdviceDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async planAdvice(@Param('id', uuidParam('id')) id: string, @Query() query: PlanAdviceQueryDto) {
    return appPlanAdviceJson(await this.advice.forApp(id, query.days ?? 30));
  }
}
