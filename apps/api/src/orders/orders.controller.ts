import { Param, Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { OrderService } from '../../../core/src/orders/order.service';
import { PaygActivationService } from '../../../core/src/orders/payg-activation.service';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { AccountScoped } from '../auth/scope.decorator';
import { csvFile, wantsCsv } from '../common/csv';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { OrderQueryDto, PaygOrderDto } from './order.dto';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { orderJson } from './order.json';
import { OrderDto } from './order.response';

const ORDER_COLUMNS = [
  'id',
  'createdAt',
  'accountId',
  'appId',
  'kind',
  'purpose',
  'status',
  'amount',
  'units',
  'months',
  'serviceStartsOn',
  'serviceEndsOn',
  'subscriptionId',
  'priceBookVersion',
].map((key) => ({ key, header: key }));

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
  @ApiDoc(
    'List orders',
    'Orders of both kinds, newest first, a page at a time, filtered by account, kind and billing dates (both included).',
  )
  @ApiList(OrderDto, 'a page of orders', 'a header line, then one line per order, every matching order')
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Query() query: OrderQueryDto, @Headers('accept') accept?: string) {
    const filter = { accountId: query.accountId, kind: query.kind, from: query.from, to: query.to };
    if (wantsCsv(accept)) return csvFile(await this.orders.stream(filter), ORDER_COLUMNS, 'orders.csv');
    return mapPage(await this.orders.list(filter, pageRequest(query, ['string', 'string'])), (order) => orderJson(order));
  }

  @Get(':id')
  @AccountScoped({ id: 'order' })
  @Roles(...READERS)
  @ApiDoc('Get an order', 'The order with its lines, its payment split (voucher, gift, cash, advanced) and provisioning.')
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    return orderJson(await this.orders.get(id));
  }

  @Post('payg')
  @AccountScoped()
  @ApiDoc(
    'Activate pay-as-you-go',
    'Admin. Moves 1 to 50 trial apps of the account to pay-as-you-go, all or none; a postpaid order records it.',
  )
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async activatePayg(@Body() body: PaygOrderDto, @IdempotencyKeyHeader() key: string) {
    return orderJson(await this.payg.activate(body.accountId, body.appIds, key));
  }
}
