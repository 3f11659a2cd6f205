import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { readEnvelope } from '../../../core/src/usage/usage.rules';
import { UsageService } from '../../../core/src/usage/usage.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { MetricsService } from '../operations/metrics.service';
import { StringsCheckedPerItem } from '../common/input-limits';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { IngestDauDto, UsageCorrectionAnswerDto, UsageCorrectionDto, UsageQueryDto } from './usage.dto';
import { AppUsageDto, IngestResultDto } from './usage.response';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class UsageController {
  constructor(
    private readonly usage: UsageService,
    private readonly metrics: MetricsService,
  ) {}

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
  @ApiDoc(
    'Report daily active devices',
    "Ingest keys. Up to 1,000 reports; each gets a result in request order (`accepted`, `unchanged`, or its own error code): one bad report fails alone. A day's DAU is the sum of its sources' cumulative counts.",
  )
  @ApiBody({
    type: IngestDauDto,
    examples: {
      one: {
        summary: "one gateway's count so far today",
        value: { reports: [{ appId: '4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11', date: '2026-03-10', dau: 1200, source: 'gw-gz-1' }] },
      },
    },
  })
  @ApiOkResponse({ type: IngestResultDto })
  @ApiErrors('VALIDATION_FAILED')
  @StringsCheckedPerItem()
  async ingest(@Body() body: unknown): Promise<IngestResultDto> {
    const reports = readEnvelope(body);
    if (!Array.isArray(reports)) throw DomainError.validation(reports.field, reports.message);
    const results = await this.usage.ingest(reports);
    this.metrics.countDauReports(results);
    return { results };
  }

  @Post('v1/apps/:id/usage/corrections')
  @Roles('ops')
  @PlatformWide()
  @ApiDoc(
    "Correct a day's DAU",
    "Ops or admin, while the day is still open (`DAY_CLOSED` after): sets the day's DAU, which billing then uses; recorded with the acting key and the reason, and audited in the same transaction. A retry with the same Idempotency-Key answers the first correction again.",
  )
  @ApiCreatedResponse({ type: UsageCorrectionAnswerDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'DAY_CLOSED', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async correct(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UsageCorrectionDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UsageCorrectionAnswerDto> {
    const answer = await this.usage.correct(id, { date: body.date, dau: body.dau, reason: body.reason }, key);
    return idempotentReply(reply, answer.body, answer.replayed, answer.status);
  }

  @Get('v1/apps/:id/usage')
  @AccountScoped({ id: 'app' })
  @Roles(...READERS)
  @ApiTags('apps')
  @ApiDoc(
    "Get an app's daily usage",
    'The DAU of each day of `from`..`to` (default: the 30 days up to today) and the monthly peaks that prepaid quotas count.',
  )
  @ApiOkResponse({ type: AppUsageDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async appUsage(@Param('id', uuidParam('id')) id: string, @Query() query: UsageQueryDto) {
    return this.usage.appUsage(id, query);
  }
}
