import { Body, Controller, Get, Headers, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { READERS } from '../../../core/src/auth/roles';
import { IDEMPOTENCY_KEY_HEADER } from '../../../core/src/idempotency/idempotency.rules';
import { RenewalService } from '../../../core/src/subscriptions/renewal.service';
import { SubscriptionService } from '../../../core/src/subscriptions/subscription.service';
import { UpgradeService } from '../../../core/src/subscriptions/upgrade.service';
import { uuidParam } from '../accounts/params';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { idempotentReply } from '../common/idempotent-reply';
import { orderJson } from '../orders/order.json';
import { RenewalDto, SubscriptionPatchDto, UpgradeDto } from './subscription.dto';
import { subscriptionJson } from './subscription.json';
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
  async get(@Param('id', uuidParam('id')) id: string) {
    return subscriptionJson(await this.subscriptions.get(id));
  }

  /** Admin: turns auto-renewal on or off. */
  @Patch(':id')
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
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async renew(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RenewalDto,
    @Req() request: AuthenticatedRequest,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.renewals.renew(id, body.months, request.apiKey!.role, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }

  /** Admin: more units until the expiry date, at the prorated difference. */
  @Post(':id/upgrades')
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async upgrade(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpgradeDto,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const placed = await this.upgrades.upgrade(id, body.units, key);
    return idempotentReply(reply, orderJson(placed.order), placed.replayed);
  }
}
