import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { WebhookEndpointService } from '../../../core/src/webhooks/webhook-endpoint.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './notification.dto';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { webhookDeliveryJson, webhookEndpointJson } from './notification.json';
import { CreatedWebhookEndpointDto, WebhookDeliveryDto, WebhookEndpointDto } from './notification.response';
import { PlatformWide } from '../auth/scope.decorator';

/** Endpoints the lifecycle events are POSTed to, signed. Admins write; readers read (never the secret). */
@ApiTags('webhooks')
@ApiBearerAuth()
@PlatformWide()
@Controller('v1/webhook-endpoints')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Post()
  @ApiDoc('Add a webhook endpoint', 'Admin. The answer carries the signing secret (generated when not given), the only time it is shown.')
  @ApiCreatedResponse({ type: CreatedWebhookEndpointDto })
  @ApiErrors('VALIDATION_FAILED')
  async create(@Body() body: CreateWebhookEndpointDto) {
    const created = await this.endpoints.create(
      { url: body.url, eventTypes: body.eventTypes, description: body.description ?? null, enabled: body.enabled ?? true },
      body.secret,
    );
    return { ...webhookEndpointJson(created), secret: created.secret };
  }

  @Get()
  @Roles(...READERS)
  @ApiDoc('List webhook endpoints', 'Oldest first, a page at a time; never with their secrets.')
  @ApiList(WebhookEndpointDto)
  @ApiErrors('VALIDATION_FAILED')
  async list(@Query() query: PageQueryDto) {
    return mapPage(await this.endpoints.list(pageRequest(query, ['string', 'string'])), webhookEndpointJson);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiDoc('Get a webhook endpoint')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    return webhookEndpointJson(await this.endpoints.get(id));
  }

  @Patch(':id')
  @ApiDoc('Change a webhook endpoint', 'Admin. Only the fields given change; a new `secret` rotates the key.')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async update(@Param('id', uuidParam('id')) id: string, @Body() body: UpdateWebhookEndpointDto) {
    return webhookEndpointJson(await this.endpoints.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc('Remove a webhook endpoint', 'Admin.')
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async remove(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.endpoints.remove(id);
  }

  @Get(':id/deliveries')
  @Roles(...READERS)
  @ApiDoc("List an endpoint's deliveries", "Newest first: each event, its status, attempts, last error and the endpoint's HTTP status.")
  @ApiList(WebhookDeliveryDto, 'a page of deliveries')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async deliveries(@Param('id', uuidParam('id')) id: string, @Query() query: PageQueryDto) {
    return mapPage(await this.endpoints.deliveriesOf(id, pageRequest(query, ['string', 'string'])), webhookDeliveryJson);
  }
}
