import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { readEnvelope } from '../../../core/src/usage/usage.rules';
import { UsageService } from '../../../core/src/usage/usage.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { IngestDauDto, UsageCorrectionAnswerDto, UsageCorrectionDto, UsageQueryDto } from './usage.dto';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /**
   * DAU reports of the push gateways, up to 1000 per request. Each report gets
   * a result in request order: accepted, unchanged, or an error code. The
   * envelope is checked by hand rather than by the validation pipe: copying a
   * thousand reports into class instances would cost more than ingesting them.
   */
  @Post('v1/usage/dau')
  @AccountScoped()
  @HttpCode(200)
  @Roles('ingest')
  @ApiBody({ type: IngestDauDto })
  async ingest(@Body() body: unknown) {
    const reports = readEnvelope(body);
    if (!Array.isArray(reports)) throw DomainError.validation(reports.field, reports.message);
    return { results: await this.usage.ingest(reports) };
  }

  @Post('v1/apps/:id/usage/corrections')
  @Roles('ops')
  @PlatformWide()
  @ApiOperation({ summary: "Correct an open day's DAU (ops, admin); billing uses the corrected figure; audited" })
  @ApiCreatedResponse({ type: UsageCorrectionAnswerDto })
  async correct(@Param('id', uuidParam('id')) id: string, @Body() body: UsageCorrectionDto): Promise<UsageCorrectionAnswerDto> {
    return this.usage.correct(id, body);
  }

  @Get('v1/apps/:id/usage')
  @AccountScoped({ id: 'app' })
  @Roles(...READERS)
  async appUsage(@Param('id', uuidParam('id')) id: string, @Query() query: UsageQueryDto) {
    return this.usage.appUsage(id, query);
  }
}
