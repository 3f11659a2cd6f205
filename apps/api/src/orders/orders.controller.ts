import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { IDEMPOTENCY_KEY_HEADER } from '../../../core/src/idempotency/idempotency.rules';
import { OrderService } from '../../../core/src/orders/order.service';
import { PaygActivationService } from '../../../core/src/orders/payg-activation.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { OrderQueryDto, PaygOrderDto } from './order.dto';
import { orderJson } from './order.json';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly orders: OrderService,
    private readonly payg: PaygActivationService,
  ) {}

  @Get()
  @AccountScoped({ filterQuery: true })
  @Roles(...READERS)
  async list(@Query() query: OrderQueryDto) {
    return (await this.orders.list(query)).map(orderJson);
  }

  @Get(':id')
  @AccountScoped({ id: 'order' })
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return orderJson(await this.orders.get(id));
  }

  /** Admin: moves 1 to 50 trial apps of the account to pay-as-you-go, at once. */
  @Post('payg')
  @AccountScoped()
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async activatePayg(@Body() body: PaygOrderDto, @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key?: string) {
    return orderJson(await this.payg.activate(body.accountId, body.appIds, key));
  }
}
