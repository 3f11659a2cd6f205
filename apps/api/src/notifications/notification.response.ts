import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, Channel, DeliveryStatus, RECIPIENT_ROLES, RecipientRole } from '../../../core/src/notifications/delivery.types';
import { NOTIFICATION_TYPES, NotificationType } from '../../../core/src/notifications/notification.types';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../../../core/src/webhooks/webhook.types';
import { IdProperty, InstantProperty } from '../common/openapi/properties';

const DELIVERY_STATUSES = Object.keys({ pending: 1, sent: 1, failed: 1, skipped: 1 } satisfies Record<DeliveryStatus, 1>);

export class RecipientResponseDto {
  @IdProperty({ nullable: true, description: 'null for the account itself standing in as creator' })
  id: string | null;

  @ApiProperty({ enum: RECIPIENT_ROLES })
  role: RecipientRole;

  @ApiProperty({ example: 'Li Lei' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ type: String, nullable: true })
  wechatId: string | null;

  @ApiProperty({
    enum: ['account', 'configured'],
    description: "`account`: the account's own name and email, standing for a creator nobody configured",
  })
  source: 'account' | 'configured';
}

export class RecipientListDto {
  @ApiProperty({ type: [RecipientResponseDto] })
  recipients: RecipientResponseDto[];
}

export class EffectiveSubscriptionDto {
  @ApiProperty({ enum: RECIPIENT_ROLES })
  role: RecipientRole;

  @ApiProperty({ enum: NOTIFICATION_TYPES })
  type: NotificationType;

  @ApiProperty({ enum: CHANNELS, isArray: true })
  channels: Channel[];

  @ApiProperty({ enum: ['default', 'account'], description: "the default, or the account's own choice" })
  source: 'default' | 'account';
}

export class SubscriptionListDto {
  @ApiProperty({ type: [EffectiveSubscriptionDto] })
  subscriptions: EffectiveSubscriptionDto[];
}

export class DeliveryDto {
  @IdProperty()
  id: string;

  @IdProperty()
  notificationId: string;

  @ApiProperty({ enum: CHANNELS })
  channel: Channel;

  @ApiProperty({ example: 'lilei@acme.example' })
  address: string;

  @IdProperty({ nullable: true })
  recipientId: string | null;

  @ApiProperty({ enum: RECIPIENT_ROLES })
  recipientRole: RecipientRole;

  @ApiProperty()
  recipientName: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true })
  providerMessageId: string | null;

  @InstantProperty()
  createdAt: string;

  @InstantProperty({ nullable: true })
  sentAt: string | null;
}

export class WebhookEndpointDto {
  @IdProperty()
  id: string;

  @ApiProperty({ example: 'https://push.example/hooks/billing' })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  eventTypes: WebhookEventType[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  enabled: boolean;

  @InstantProperty()
  createdAt: string;

  @InstantProperty()
  updatedAt: string;
}

export class CreatedWebhookEndpointDto extends WebhookEndpointDto {
  @ApiProperty({ description: 'the HMAC-SHA256 key of the signatures; shown in this answer only' })
  secret: string;
}

export class WebhookDeliveryDto {
  @IdProperty()
  id: string;

  @ApiProperty({ pattern: '^[0-9]+$', example: '1', description: 'the event, sequential: the same in every delivery of it' })
  eventId: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES })
  eventType: WebhookEventType;

  @IdProperty()
  endpointId: string;

  @ApiProperty({ enum: ['pending', 'sent', 'failed'] })
  status: 'pending' | 'sent' | 'failed';

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: "the endpoint's HTTP status" })
  responseStatus: number | null;

  @InstantProperty()
  createdAt: string;

  @InstantProperty({ nullable: true })
  sentAt: string | null;
}
