import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IDEMPOTENCY_KEY_HEADER } from '../../../core/src/idempotency/idempotency.rules';
import { RefundService } from '../../../core/src/refunds/refund.service';
import { PrepaidPurchaseService } from '../../../core/src/subscriptions/prepaid-purchase.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { idempotentReply } from '../common/idempotent-reply';
import { PrepaidOrderDto, RefundBlockDto, RefundDto } from '../subscriptions/subscription.dto';
import { refundJson } from '../subscriptions/subscription.json';
import { orderJson } from './order.json';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('v1/orders')
export class PrepaidOrdersController {
  constructor(
    private readonly purchases: PrepaidPurchaseService,
    private readonly refunds: RefundService,
  ) {}

  /** Admin: buys a prepaid plan for a trial app, paid at once; 402 INSUFFICIENT_BALANCE names the shortfall. */
  @Post('prepaid')
  @AccountScoped()
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: true, description: 'the client\'s unique key for this purchase' })
  async purchase(
    @Body() body: PrepaidOrderDto,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.purchases.purchase(body, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }

  /** Admin: refunds the order's subscription and suspends its app; 409 REFUND_NOT_ALLOWED says why not. */
  @Post(':id/refunds')
  @AccountScoped({ id: 'order' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async refund(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RefundDto,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.refunds.refund(id, body.type, key);
    return idempotentReply(reply, refundJson(placed.refund), placed.replayed);
  }

  /** Admin or ops: blocks the refunds of an order flagged as abuse. */
  @Post(':id/refund-block')
  @PlatformWide()
  @HttpCode(200)
  @Roles('ops')
  async blockRefund(@Param('id', uuidParam('id')) id: string, @Body() body: RefundBlockDto) {
    return orderJson(await this.refunds.block(id, body.reason));
  }
}
