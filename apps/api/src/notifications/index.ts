import type { Type } from '@nestjs/common';
import { DeliveriesController } from './deliveries.controller';
import { RecipientsController } from './recipients.controller';
import { WebhooksController } from './webhooks.controller';

/** Controllers of notice recipients, subscriptions and deliveries, and of webhook endpoints. */
export const NOTIFICATION_CONTROLLERS: Type[] = [RecipientsController, DeliveriesController, WebhooksController];
