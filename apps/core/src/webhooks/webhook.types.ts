/** Lifecycle events sent to webhook endpoints (written by database triggers, see the delivery migration). */
export const WEBHOOK_EVENT_TYPES = ['app.suspended', 'app.restored', 'app.destroyed', 'bill.created', 'order.paid'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEndpointView {
  id: string;
  url: string;
  eventTypes: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookEndpointInput {
  url: string;
  eventTypes: WebhookEventType[];
  description: string | null;
  enabled: boolean;
}

export interface WebhookDeliveryView {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  endpointId: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: Date;
  sentAt: Date | null;
}
