import { Param, Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RefundService } from '../../../core/src/refunds/refund.service';
import { PrepaidPurchaseService } from '../../../core/src/subscriptions/prepaid-purchase.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { PrepaidOrderDto, RefundBlockDto, RefundDto } from '../subscriptions/subscription.dto';
import { refundJson } from '../subscriptions/subscription.json';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { RefundResponseDto } from '../subscriptions/subscription.response';
import { orderJson } from './order.json';
import { OrderDto } from './order.response';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class PrepaidOrdersController {
  constructor(
    private readonly purchases: PrepaidPurchaseService,
    private readonly refunds: RefundService,
  ) {}

  @Post('prepaid')
  @AccountScoped()
  @ApiDoc(
    'Buy a prepaid plan',
    'Admin. For a trial app (or one whose plan was refunded), paid at once from vouchers, gift, then cash; `INSUFFICIENT_BALANCE` names the shortfall. The app is deployed on its own resources (`provisioning`).',
  )
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'INSUFFICIENT_BALANCE',
    'SALES_CLOSED',
    'INVALID_STATE',
    'VOUCHER_EXPIRED',
    'IDEMPOTENCY_CONFLICT',
    'IDEMPOTENCY_KEY_REQUIRED',
  )
  @IdempotentWrite('required')
  async purchase(@Body() body: PrepaidOrderDto, @IdempotencyKeyHeader() key: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const placed = await this.purchases.purchase(body, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }

  @Post(':id/refunds')
  @AccountScoped({ id: 'order' })
  @ApiDoc(
    'Refund a prepaid order',
    "Admin. Refunds the order's subscription (no-questions within the window, or standard for the unused part) and suspends its app; `REFUND_NOT_ALLOWED` says why not in `reason`.",
  )
  @ApiCreatedResponse({ type: RefundResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE', 'REFUND_NOT_ALLOWED', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_KEY_REQUIRED')
  @IdempotentWrite('required')
  async refund(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RefundDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.refunds.refund(id, body.type, key);
    return idempotentReply(reply, refundJson(placed.refund), placed.replayed);
  }

  @Post(':id/refund-block')
  @PlatformWide()
  @HttpCode(200)
  @Roles('ops')
  @ApiDoc("Block an order's refunds", 'Admin or ops: blocks the refunds of an order flagged as abuse.')
  @ApiOkResponse({ type: OrderDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async blockRefund(@Param('id', uuidParam('id')) id: string, @Body() body: RefundBlockDto) {
    return orderJson(await this.refunds.block(id, body.reason));
  }
}
