import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { deliveryJson } from './notification.json';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notifications')
export class DeliveriesController {
  constructor(private readonly deliveries: NoticeDeliveryService) {}

  /** Where a notice went besides in-site: each channel and address, its status, attempts and last error. */
  @Get(':id/deliveries')
  @Roles(...READERS)
  async list(@Param('id', uuidParam('id')) notificationId: string, @Query() query: PageQueryDto) {
    return mapPage(await this.deliveries.listForNotice(notificationId, pageRequest(query, ['string', 'string'])), deliveryJson);
  }
}
