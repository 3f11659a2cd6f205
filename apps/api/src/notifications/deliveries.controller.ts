import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { deliveryJson } from './notification.json';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('notifications')
@ApiBearerAuth()
@AccountScoped({ id: 'notification' })
@Controller('v1/notifications')
export class DeliveriesController {
  constructor(private readonly deliveries: NoticeDeliveryService) {}

  /** Where a notice went besides in-site: each channel and address, its status, attempts and last error. */
  @Get(':id/deliveries')
  @Roles(...READERS)
  async list(@Param('id', uuidParam('id')) notificationId: string) {
    return { deliveries: (await this.deliveries.listForNotice(notificationId)).map(deliveryJson) };
  }
}
