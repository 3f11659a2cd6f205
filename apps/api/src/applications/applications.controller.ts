import { Param, Body, Controller, Get, HttpCode, Post, Query, Req, Res, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TrialForecastService } from '../../../core/src/advice/trial-forecast.service';
import { ApplicationsService } from '../../../core/src/applications/applications.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { pageRequest, mapPage } from '../../../core/src/pagination/pagination';
import { AppRestoreService } from '../../../core/src/settlement/app-restore.service';
import type { FastifyReply } from 'fastify';
import { IdempotencyService } from '../../../core/src/idempotency/idempotency.service';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { uuidParam } from '../accounts/params';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApplicationSearchQueryDto, CharityDto, CreateApplicationDto, RestoreDto } from './application.dto';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { applicationJson, capabilitiesJson } from './application.json';
import { ApplicationDto, CapabilitiesDto, EntitlementOverridesDto, EntitlementSettingsDto } from './application.response';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('apps')
@ApiBearerAuth()
@Controller('v1/apps')
export class ApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionService,
    private readonly restores: AppRestoreService,
    private readonly idempotency: IdempotencyService,
    private readonly forecasts: TrialForecastService,
  ) {}

  @Post()
  @AccountScoped()
  @ApiDoc('Create an app', 'Admin. A new app on the free trial; `APP_LIMIT_REACHED` past 150 apps per account or 50 per platform.')
  @ApiCreatedResponse({ type: ApplicationDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'APP_LIMIT_REACHED', 'IDEMPOTENCY_CONFLICT')
  @IdempotentWrite('optional')
  async create(
    @Body() body: CreateApplicationDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (key === undefined) return applicationJson(await this.apps.create(body));
    const answer = await this.idempotency.run(`apps:${body.accountId}`, key, body, async (tx) => ({
      status: 201,
      body: applicationJson(await this.apps.create(body, tx)),
    }));
    return idempotentReply(reply, answer.body, answer.replayed);
  }

  @Get()
  @AccountScoped({ filterQuery: true })
  @Roles(...READERS)
  @ApiDoc('List apps', 'Apps by id, narrowed by account, state, plan, region, platform and name (`q`, case-insensitive), a page at a time.')
  @ApiList(ApplicationDto)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async search(@Query() query: ApplicationSearchQueryDto) {
    const { accountId, state, plan, region, platform, q } = query;
    return mapPage(await this.apps.search({ accountId, state, plan, region, platform, q }, pageRequest(query, ['string'])), (app) =>
      applicationJson(app),
    );
  }

  @Get(':id')
  @AccountScoped({ id: 'app' })
  @Roles(...READERS)
  @ApiDoc('Get an app', 'The app, its state and plan, and its running prepaid subscription.')
  @ApiOkResponse({ type: ApplicationDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    const app = await this.apps.get(id);
    return { ...applicationJson(app, await this.subscriptions.current(id)), trialForecast: await this.forecasts.forApp(app) };
  }

  @Get(':id/capabilities')
  @AccountScoped({ id: 'app' })
  @Roles(...READERS)
  @ApiDoc(
    'Get what an app may do now',
    'What the push dispatcher may do for the app now (push, register, throttled), and its entitlements.',
  )
  @ApiOkResponse({ type: CapabilitiesDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async capabilities(@Param('id', uuidParam('id')) id: string) {
    return capabilitiesJson(await this.apps.capabilities(id));
  }

  @Post(':id/charity')
  @PlatformWide()
  @HttpCode(200)
  @ApiDoc(
    'Approve or revoke charity status',
    'Admin. `approved: true` makes the app free forever and running (a suspended trial app is restored); `false` returns it to the trial. Idempotent.',
  )
  @ApiOkResponse({ type: ApplicationDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async charity(@Param('id', uuidParam('id')) id: string, @Body() body: CharityDto) {
    return applicationJson(await this.apps.setCharity(id, body.approved));
  }

  @Post(':id/restore')
  @PlatformWide()
  @HttpCode(200)
  @Roles('ops')
  @ApiDoc(
    'Restore a suspended app',
    "Ops or admin. A trial app cut off over 1,000 DAU runs again (today's DAU check starts again tomorrow); a pay-as-you-go app suspended for arrears runs again once the account is out of arrears or holds never-suspend. Recorded with the acting key and the reason. A retry with the same Idempotency-Key restores nothing twice and answers the app again.",
  )
  @ApiOkResponse({ type: ApplicationDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async restore(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RestoreDto,
    @Req() request: AuthenticatedRequest,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const restored = await this.restores.restore({ appId: id, reason: body.reason, actingKeyId: request.apiKey?.id ?? null }, key);
    return idempotentReply(reply, applicationJson(restored.app, await this.subscriptions.current(id)), restored.replayed);
  }

  @Put(':id/entitlements')
  @PlatformWide()
  @ApiDoc(
    "Override an app's entitlements",
    "Admin. Replaces the app's overrides with the entitlements given (`{}` clears them); each must stay within the published maximum.",
  )
  @ApiBody({
    type: EntitlementOverridesDto,
    examples: {
      raise: { summary: 'longer retention, more queries', value: { offlineRetentionHours: 72, queryApiCallsPerHour: 1000 } },
      clear: { summary: 'back to the published entitlements', value: {} },
    },
  })
  @ApiOkResponse({ type: EntitlementSettingsDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async entitlements(@Param('id', uuidParam('id')) id: string, @Body() body: unknown) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw DomainError.validation('body', 'the body must be an object of entitlements');
    }
    return this.apps.setEntitlements(id, body as Record<string, unknown>);
  }
}
