import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApplicationsService } from '../../../core/src/applications/applications.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { IdempotencyService } from '../../../core/src/idempotency/idempotency.service';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { CharityDto, CreateApplicationDto } from './application.dto';
import { applicationJson, capabilitiesJson } from './application.json';

@ApiTags('apps')
@ApiBearerAuth()
@Controller('v1/apps')
export class ApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Admin: a new app on the free trial; 409 APP_LIMIT_REACHED past 150 per account or 50 per platform. */
  @Post()
  @IdempotentWrite('optional')
  async create(@Body() body: CreateApplicationDto, @IdempotencyKeyHeader() key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (key === undefined) return applicationJson(await this.apps.create(body));
    const answer = await this.idempotency.run(`apps:${body.accountId}`, key, body, async (tx) => ({ status: 201, body: applicationJson(await this.apps.create(body, tx)) }));
    return idempotentReply(reply, answer.body, answer.replayed);
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return applicationJson(await this.apps.get(id), await this.subscriptions.current(id));
  }

  /** What the push dispatcher may do for the app now, and its entitlements. */
  @Get(':id/capabilities')
  @Roles(...READERS)
  async capabilities(@Param('id', uuidParam('id')) id: string) {
    return capabilitiesJson(await this.apps.capabilities(id));
  }

  @Post(':id/charity')
  @HttpCode(200)
  async charity(@Param('id', uuidParam('id')) id: string, @Body() body: CharityDto) {
    return applicationJson(await this.apps.setCharity(id, body.approved));
  }

  /** Admin: replaces the app's entitlement overrides with the given entitlements (`{}` clears them). */
  @Put(':id/entitlements')
  @ApiBody({ schema: { type: 'object', example: { offlineRetentionHours: 72, queryApiCallsPerHour: 1000 } } })
  async entitlements(@Param('id', uuidParam('id')) id: string, @Body() body: unknown) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw DomainError.validation('body', 'the body must be an object of entitlements');
    }
    return this.apps.setEntitlements(id, body as Record<string, unknown>);
  }
}
