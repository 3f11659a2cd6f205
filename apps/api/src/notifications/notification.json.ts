import type { DeliveryRecord } from '../../../core/src/notifications/delivery.types';
import type { Recipient } from '../../../core/src/notifications/delivery.types';
import type { EffectiveSubscription } from '../../../core/src/notifications/subscription.rules';
import type { WebhookDeliveryView, WebhookEndpointView } from '../../../core/src/webhooks/webhook.types';
import type {
  DeliveryDto,
  EffectiveSubscriptionDto,
  RecipientResponseDto,
  WebhookDeliveryDto,
  WebhookEndpointDto,
} from './notification.response';

/** The JSON shapes of recipients, subscriptions, deliveries and webhook endpoints. */

function iso(at: Date): string;
function iso(at: Date | null): string | null;
function iso(at: Date | null): string | null {
  return at ? at.toISOString() : null;
}

/** `source: "account"`: the account's own name and email, standing for a creator nobody configured. */
export function recipientJson(recipient: Recipient): RecipientResponseDto {
  return {
    id: recipient.id,
    role: recipient.role,
    name: recipient.name,
    email: recipient.email,
    phone: recipient.phone,
    wechatId: recipient.wechatId,
    source: recipient.id === null ? 'account' : 'configured',
  };
}

export function subscriptionJson(subscription: EffectiveSubscription): EffectiveSubscriptionDto {
  return { role: subscription.role, type: subscription.type, channels: subscription.channels, source: subscription.source };
}

export function deliveryJson(delivery: DeliveryRecord): DeliveryDto {
  return {
    id: delivery.id,
    notificationId: delivery.notificationId,
    channel: delivery.channel,
    address: delivery.address,
    recipientId: delivery.recipientId,
    recipientRole: delivery.recipientRole,
    recipientName: delivery.recipientName,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    providerMessageId: delivery.providerMessageId,
    createdAt: iso(delivery.createdAt),
    sentAt: iso(delivery.sentAt),
  };
}

export function webhookEndpointJson(endpoint: WebhookEndpointView): WebhookEndpointDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    enabled: endpoint.enabled,
    createdAt: iso(endpoint.createdAt),
    updatedAt: iso(endpoint.updatedAt),
  };
}

export function webhookDeliveryJson(delivery: WebhookDeliveryView): WebhookDeliveryDto {
  return { ...delivery, createdAt: iso(delivery.createdAt), sentAt: iso(delivery.sentAt) };
}
