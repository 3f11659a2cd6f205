import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { TrialForecastService } from '../../../core/src/advice/trial-forecast.service';
import { ApplicationsService } from '../../../core/src/applications/applications.service';
import { READERS } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { CharityDto, CreateApplicationDto } from './application.dto';
import { applicationJson, capabilitiesJson } from './application.json';

@ApiTags('apps')
@ApiBearerAuth()
@Controller('v1/apps')
export class ApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly subscriptions: SubscriptionService,
    private readonly forecasts: TrialForecastService,
  ) {}

  /** Admin: a new app on the free trial; 409 APP_LIMIT_REACHED past 150 per account or 50 per platform. */
  @Post()
  async create(@Body() body: CreateApplicationDto) {
    return applicationJson(await this.apps.create(body));
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    const app = await this.apps.get(id);
    return { ...applicationJson(app, await this.subscriptions.current(id)), trialForecast: await this.forecasts.forApp(app) };
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
