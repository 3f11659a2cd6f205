import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RefundService } from '../../../core/src/refunds/refund.service';
import { PrepaidPurchaseService } from '../../../core/src/subscriptions/prepaid-purchase.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { PrepaidOrderDto, RefundBlockDto, RefundDto } from '../subscriptions/subscription.dto';
import { refundJson } from '../subscriptions/subscription.json';
import { orderJson } from './order.json';

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
  @IdempotentWrite('required')
  async purchase(
    @Body() body: PrepaidOrderDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.purchases.purchase(body, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }

  /** Admin: refunds the order's subscription and suspends its app; 409 REFUND_NOT_ALLOWED says why not. */
  @Post(':id/refunds')
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

  /** Admin or ops: blocks the refunds of an order flagged as abuse. */
  @Post(':id/refund-block')
  @HttpCode(200)
  @Roles('ops')
  async blockRefund(@Param('id', uuidParam('id')) id: string, @Body() body: RefundBlockDto) {
    return orderJson(await this.refunds.block(id, body.reason));
  }
}
