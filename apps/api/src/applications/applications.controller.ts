import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationsService } from '../../../core/src/applications/applications.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { AppRestoreService } from '../../../core/src/settlement/app-restore.service';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { uuidParam } from '../accounts/params';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ApplicationSearchQueryDto, CharityDto, CreateApplicationDto, RestoreDto } from './application.dto';
import { applicationJson, capabilitiesJson } from './application.json';

@ApiTags('apps')
@ApiBearerAuth()
@Controller('v1/apps')
export class ApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionService,
    private readonly restores: AppRestoreService,
  ) {}

  /** Admin: a new app on the free trial; 409 APP_LIMIT_REACHED past 150 per account or 50 per platform. */
  @Post()
  async create(@Body() body: CreateApplicationDto) {
    return applicationJson(await this.apps.create(body));
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Apps by id, narrowed by account, state, plan, region, platform and name: `{items, nextCursor}`' })
  @ApiOkResponse({ description: '`{items: [app], nextCursor}`' })
  async search(@Query() query: ApplicationSearchQueryDto) {
    const { accountId, state, plan, region, platform, q } = query;
    return mapPage(await this.apps.search({ accountId, state, plan, region, platform, q }, pageRequest(query, ['string'])), (app) => applicationJson(app));
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

  @Post(':id/restore')
  @HttpCode(200)
  @Roles('ops')
  @ApiOperation({ summary: 'Restore a trial app cut off over 1,000 DAU, or a pay-as-you-go app suspended for arrears (ops, admin)' })
  @ApiOkResponse({ description: 'the app, running again; the restore is recorded with the acting key and the reason' })
  @ApiConflictResponse({ description: 'INVALID_STATE: not suspended, suspended for another reason, or the account is still in arrears without never-suspend' })
  async restore(@Param('id', uuidParam('id')) id: string, @Body() body: RestoreDto, @Req() request: AuthenticatedRequest) {
    const app = await this.restores.restore({ appId: id, reason: body.reason, actingKeyId: request.apiKey?.id ?? null });
    return applicationJson(app, await this.subscriptions.current(id));
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
