import { Param, Patch, Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { RenewalService } from '../../../core/src/subscriptions/renewal.service';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { UpgradeService } from '../../../core/src/subscriptions/upgrade.service';
import { uuidParam } from '../accounts/params';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { orderJson } from '../orders/order.json';
import { OrderDto } from '../orders/order.response';
import { RenewalDto, SubscriptionPatchDto, UpgradeDto } from './subscription.dto';
import { subscriptionJson } from './subscription.json';
import { PrepaidSubscriptionDto } from './subscription.response';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('subscriptions')
@ApiBearerAuth()
@AccountScoped({ id: 'subscription' })
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    private readonly renewals: RenewalService,
    private readonly upgrades: UpgradeService,
  ) {}

  @Get(':id')
  @Roles(...READERS)
  @ApiDoc('Get a prepaid subscription')
  @ApiOkResponse({ type: PrepaidSubscriptionDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    return subscriptionJson(await this.subscriptions.get(id));
  }

  @Patch(':id')
  @ApiDoc('Turn auto-renewal on or off', 'Admin.')
  @ApiOkResponse({ type: PrepaidSubscriptionDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async patch(@Param('id', uuidParam('id')) id: string, @Body() body: SubscriptionPatchDto) {
    return subscriptionJson(await this.subscriptions.setAutoRenew(id, body.autoRenew));
  }

  /**
   * Extends from the expiry date. Admin (the customer's console): while the
   * plan runs or is in grace. Admin or ops: to restore an app suspended for
   * expiry (E+8 .. E+14).
   */
  @Post(':id/renewals')
  @Roles('ops')
  @ApiDoc(
    'Renew a prepaid subscription',
    'Extends from the expiry date by a duration on sale, paid at once. Admin: while the plan runs or is in grace. Admin or ops: to restore an app suspended for expiry (E+8 .. E+14).',
  )
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'INSUFFICIENT_BALANCE',
    'SALES_CLOSED',
    'INVALID_STATE',
    'IDEMPOTENCY_CONFLICT',
    'IDEMPOTENCY_KEY_REQUIRED',
  )
  @IdempotentWrite('required')
  async renew(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RenewalDto,
    @Req() request: AuthenticatedRequest,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.renewals.renew(id, body.months, request.apiKey!.role, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }

  @Post(':id/upgrades')
  @ApiDoc('Upgrade a prepaid subscription', 'Admin. More units until the expiry date, at the prorated difference; downgrades are not sold.')
  @ApiCreatedResponse({ type: OrderDto })
  @ApiErrors(
    'VALIDATION_FAILED',
    'NOT_FOUND',
    'INSUFFICIENT_BALANCE',
    'SALES_CLOSED',
    'INVALID_STATE',
    'IDEMPOTENCY_CONFLICT',
    'IDEMPOTENCY_KEY_REQUIRED',
  )
  @IdempotentWrite('required')
  async upgrade(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpgradeDto,
    @IdempotencyKeyHeader() key: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.upgrades.upgrade(id, body.units, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }
}
