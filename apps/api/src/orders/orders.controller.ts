import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { OrderService } from '../../../core/src/orders/order.service';
import { PaygActivationService } from '../../../core/src/orders/payg-activation.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { OrderQueryDto, PaygOrderDto } from './order.dto';
import { orderJson } from './order.json';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrderService,
    private readonly payg: PaygActivationService,
  ) {}

  @Get()
  @Roles(...READERS)
  async list(@Query() query: OrderQueryDto) {
    return (await this.orders.list(query)).map(orderJson);
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return orderJson(await this.orders.get(id));
  }

  /** Admin: moves 1 to 50 trial apps of the account to pay-as-you-go, at once. */
  @Post('payg')
  @IdempotentWrite('required')
  async activatePayg(@Body() body: PaygOrderDto, @IdempotencyKeyHeader() key: string) {
    return orderJson(await this.payg.activate(body.accountId, body.appIds, key));
  }
}
