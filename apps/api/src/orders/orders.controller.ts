import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { IDEMPOTENCY_KEY_HEADER } from '../../../core/src/idempotency/idempotency.rules';
import { OrderService } from '../../../core/src/orders/order.service';
import { PaygActivationService } from '../../../core/src/orders/payg-activation.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { OrderQueryDto, PaygOrderDto } from './order.dto';
import { ApiDoc, ApiErrors, ApiIdempotencyKey } from '../common/openapi/decorators';
import { orderJson } from './order.json';
import { OrderDto } from './order.response';

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
  @ApiDoc('List orders', 'Orders of both kinds, filtered by account, kind and billing dates (both included).')
  @ApiOkResponse({ type: [OrderDto] })
  @ApiErrors('VALIDATION_FAILED')
  async list(@Query() query: OrderQueryDto) {
    return (await this.orders.list(query)).map(orderJson);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiDoc('Get an order', 'The order with its lines, its payment split (voucher, gift, cash, advanced) and provisioning.')
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    return orderJson(await this.orders.get(id));
  }

  @Post('payg')
  @ApiDoc('Activate pay-as-you-go', 'Admin. Moves 1 to 50 trial apps of the account to pay-as-you-go, all or none; a postpaid order records it.')
  @ApiIdempotencyKey(false)
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_CONFLICT')
  async activatePayg(@Body() body: PaygOrderDto, @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key?: string) {
    return orderJson(await this.payg.activate(body.accountId, body.appIds, key));
  }
}
