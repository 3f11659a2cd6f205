import { Param, Body, Controller, Get, Post, Query, Res, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountService } from '../../../core/src/accounts/account.service';
import { READERS } from '../../../core/src/auth/roles';
import { IdempotencyService } from '../../../core/src/idempotency/idempotency.service';
import { money } from '../../../core/src/money/money';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { Roles } from '../auth/roles.decorator';
import { AccountSearchQueryDto, CreateAccountDto, PrivilegesDto } from './account.dto';
import { IdempotencyKeyHeader, IdempotentWrite } from '../common/idempotency-key';
import { idempotentReply } from '../common/idempotent-reply';
import { accountJson } from './account.json';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { AccountDto } from './account.response';
import { uuidParam } from './params';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

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
  @PlatformWide()
  @ApiDoc('Create an account', 'Admin. A new customer account with an empty wallet.')
  @ApiCreatedResponse({ type: AccountDto })
  @ApiErrors('VALIDATION_FAILED', 'IDEMPOTENCY_CONFLICT')
  @IdempotentWrite('optional')
  async create(
    @Body() body: CreateAccountDto,
    @IdempotencyKeyHeader() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = {
      name: body.name,
      email: body.email ?? null,
      balanceAlertThreshold: body.balanceAlertThreshold === undefined ? null : money(body.balanceAlertThreshold),
    };
    if (key === undefined) return accountJson(await this.accounts.create(input));
    const answer = await this.idempotency.run('accounts', key, body, async (tx) => ({
      status: 201,
      body: accountJson(await this.accounts.create(input, tx)),
    }));
    return idempotentReply(reply, answer.body, answer.replayed);
  }

  @Get()
  @PlatformWide()
  @Roles(...READERS)
  @ApiDoc('List accounts', 'Accounts by id, searched by name or email (`q`, case-insensitive) and arrears, a page at a time.')
  @ApiList(AccountDto)
  @ApiErrors('VALIDATION_FAILED')
  async search(@Query() query: AccountSearchQueryDto) {
    return mapPage(await this.accounts.search({ q: query.q, inArrears: query.inArrears }, pageRequest(query, ['string'])), accountJson);
  }

  @Get(':id')
  @Roles(...READERS)
  @AccountScoped({ id: 'account' })
  @ApiDoc('Get an account and its wallet', 'The wallet shows cash, gift, frozen, the available balance, vouchers and arrears.')
  @ApiOkResponse({ type: AccountDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string) {
    return accountJson(await this.accounts.get(id));
  }

  @Put(':id/privileges')
  @PlatformWide()
  @ApiDoc(
    "Set the account's privileges",
    "Admin. `neverSuspend`: the account's apps keep running (and being charged) in arrears and when an auto-renewal fails.",
  )
  @ApiOkResponse({ type: AccountDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async setPrivileges(@Param('id', uuidParam('id')) id: string, @Body() body: PrivilegesDto) {
    return accountJson(await this.accounts.setNeverSuspend(id, body.neverSuspend));
  }
}
