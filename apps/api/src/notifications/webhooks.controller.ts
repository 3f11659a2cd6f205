import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { WebhookEndpointService } from '../../../core/src/webhooks/webhook-endpoint.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { LimitQueryDto } from '../common/limit-query.dto';
import { CreateWebhookEndpointDto, UpdateWebhookEndpointDto } from './notification.dto';
import { webhookDeliveryJson, webhookEndpointJson } from './notification.json';
import { PlatformWide } from '../auth/scope.decorator';

/** Endpoints the lifecycle events are POSTed to, signed. Admins write; readers read (never the secret). */
@ApiTags('webhooks')
@ApiBearerAuth()
@PlatformWide()
@Controller('v1/webhook-endpoints')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  /** The answer carries the secret, the only time it is shown. */
  @Post()
  async create(@Body() body: CreateWebhookEndpointDto) {
    const created = await this.endpoints.create(
      { url: body.url, eventTypes: body.eventTypes, description: body.description ?? null, enabled: body.enabled ?? true },
      body.secret,
    );
    return { ...webhookEndpointJson(created), secret: created.secret };
  }

  @Get()
  @Roles(...READERS)
  async list() {
    return { endpoints: (await this.endpoints.list()).map(webhookEndpointJson) };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return webhookEndpointJson(await this.endpoints.get(id));
  }

  @Patch(':id')
  async update(@Param('id', uuidParam('id')) id: string, @Body() body: UpdateWebhookEndpointDto) {
    return webhookEndpointJson(await this.endpoints.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.endpoints.remove(id);
  }

  /** Newest first. */
  @Get(':id/deliveries')
  @Roles(...READERS)
  async deliveries(@Param('id', uuidParam('id')) id: string, @Query() query: LimitQueryDto) {
    return { deliveries: (await this.endpoints.deliveriesOf(id, query.limit ?? 100)).map(webhookDeliveryJson) };
  }
}
