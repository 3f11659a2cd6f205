import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { deliveryJson } from './notification.json';
import { DeliveryListDto } from './notification.response';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class DeliveriesController {
  constructor(private readonly deliveries: NoticeDeliveryService) {}

  @Get(':id/deliveries')
  @Roles(...READERS)
  @ApiDoc('List where a notice went', 'Besides in-site: each channel and address, its status, attempts and last error.')
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Param('id', uuidParam('id')) notificationId: string) {
    return { deliveries: (await this.deliveries.listForNotice(notificationId)).map(deliveryJson) };
  }
}
