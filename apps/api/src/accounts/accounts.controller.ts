import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountService } from '../../../core/src/accounts/account.service';
import { READERS } from '../../../core/src/auth/roles';
import { IdempotencyService } from '../../../core/src/idempotency/idempotency.service';
import { money } from '../../../core/src/money/money';
import { Roles } from '../auth/roles.decorator';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { CreateAccountDto, PrivilegesDto } from './account.dto';
import { accountJson } from './account.json';
import { uuidParam } from './params';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** Under an Idempotency-Key, a retry answers with the account made the first time instead of making another. */
  @Post()
  @IdempotentWrite('optional')
  async create(@Body() body: CreateAccountDto, @IdempotencyKeyHeader() key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const input = {
      name: body.name,
      email: body.email ?? null,
      balanceAlertThreshold: body.balanceAlertThreshold === undefined ? null : money(body.balanceAlertThreshold),
    };
    if (key === undefined) return accountJson(await this.accounts.create(input));
    const answer = await this.idempotency.run('accounts', key, body, async (tx) => ({ status: 201, body: accountJson(await this.accounts.create(input, tx)) }));
    return idempotentReply(reply, answer.body, answer.replayed);
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', uuidParam('id')) id: string) {
    return accountJson(await this.accounts.get(id));
  }

  @Put(':id/privileges')
  async setPrivileges(@Param('id', uuidParam('id')) id: string, @Body() body: PrivilegesDto) {
    return accountJson(await this.accounts.setNeverSuspend(id, body.neverSuspend));
  }
}
