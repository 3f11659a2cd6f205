import { Global, Module } from '@nestjs/common';
import { NotificationRepository } from './notification.repository';

/** Global: every domain raises notices inside its own transactions. */
@Global()
@Module({ providers: [NotificationRepository], exports: [NotificationRepository] })
export class NotificationsModule {}
