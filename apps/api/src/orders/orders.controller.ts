import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import { IDEMPOTENCY_KEY_HEADER } from '../../../core/src/idempotency/idempotency.rules';
import { OrderService } from '../../../core/src/orders/order.service';
import { PaygActivationService } from '../../../core/src/orders/payg-activation.service';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { csvFile, wantsCsv } from '../common/csv';
import { OrderQueryDto, PaygOrderDto } from './order.dto';
import { orderJson } from './order.json';

const ORDER_COLUMNS = [
  'id', 'createdAt', 'accountId', 'appId', 'kind', 'purpose', 'status', 'amount', 'units', 'months', 'serviceStartsOn', 'serviceEndsOn', 'subscriptionId', 'priceBookVersion',
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
  @Roles(...READERS)
  @ApiOperation({ summary: 'Orders, newest first: `{items, nextCursor}`, or every matching order as CSV' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '`{items: [order], nextCursor}`; with `Accept: text/csv` a header line and one line per order' })
  async list(@Query() query: OrderQueryDto, @Headers('accept') accept?: string) {
    const filter = { accountId: query.accountId, kind: query.kind, from: query.from, to: query.to };
    if (wantsCsv(accept)) return csvFile(await this.orders.stream(filter), ORDER_COLUMNS, 'orders.csv');
    return mapPage(await this.orders.list(filter, pageRequest(query, ['string', 'string'])), (order) => orderJson(order));
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return orderJson(await this.orders.get(id));
  }

  /** Admin: moves 1 to 50 trial apps of the account to pay-as-you-go, at once. */
  @Post('payg')
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async activatePayg(@Body() body: PaygOrderDto, @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key?: string) {
    return orderJson(await this.payg.activate(body.accountId, body.appIds, key));
  }
}
