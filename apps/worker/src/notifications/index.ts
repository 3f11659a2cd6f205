import type { Type } from '@nestjs/common';
import { NotificationsProcessor } from './notifications.processor';
import { WebhooksProcessor } from './webhooks.processor';

/** Processors of the notice relay and deliveries, and of webhook deliveries. */
export const NOTIFICATION_PROCESSORS: Type[] = [NotificationsProcessor, WebhooksProcessor];
