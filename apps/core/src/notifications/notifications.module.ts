import { Global, Module } from '@nestjs/common';
import { EmailChannel } from './channels/email.channel';
import { HttpProviderChannel } from './channels/http-provider.channel';
import { DeliveryRepository } from './delivery.repository';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationRelayService } from './notification-relay.service';
import { NoticeService } from './notice.service';
import { NotificationRepository } from './notification.repository';
import { RecipientRepository } from './recipient.repository';
import { RecipientService } from './recipient.service';

/** Global: every domain raises notices inside its own transactions and kicks the dispatcher after them. */
@Global()
@Module({
  providers: [
    NotificationRepository,
    NoticeService,
    NotificationDispatcher,
    RecipientRepository,
    RecipientService,
    DeliveryRepository,
    NotificationRelayService,
    NoticeDeliveryService,
    EmailChannel,
    HttpProviderChannel,
  ],
  exports: [NoticeService, NotificationDispatcher, RecipientService, NotificationRelayService, NoticeDeliveryService],
})
export class NotificationsModule {}
