import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { NoticeDeliveryService } from '../../../core/src/notifications/notice-delivery.service';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { deliveryJson } from './notification.json';
import { DeliveryDto } from './notification.response';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('notifications')
@ApiBearerAuth()
@AccountScoped({ id: 'notification' })
@Controller('v1/notifications')
export class DeliveriesController {
  constructor(private readonly deliveries: NoticeDeliveryService) {}

  @Get(':id/deliveries')
  @Roles(...READERS)
  @ApiDoc('List where a notice went', 'Besides in-site: each channel and address, its status, attempts and last error.')
  @ApiList(DeliveryDto)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Param('id', uuidParam('id')) notificationId: string, @Query() query: PageQueryDto) {
    return mapPage(await this.deliveries.listForNotice(notificationId, pageRequest(query, ['string', 'string'])), deliveryJson);
  }
}
