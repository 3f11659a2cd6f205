import { Module } from '@nestjs/common';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Outgoing webhooks: endpoints, and the delivery of the outbox events the database triggers write. */
@Module({
  providers: [WebhookEndpointRepository, WebhookEndpointService, WebhookDeliveryRepository, WebhookDeliveryService],
  exports: [WebhookEndpointService, WebhookDeliveryService],
})
export class WebhooksModule {}
