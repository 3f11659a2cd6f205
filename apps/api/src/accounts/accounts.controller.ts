import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountService } from '../../../core/src/accounts/account.service';
import { READERS } from '../../../core/src/auth/roles';
import { money } from '../../../core/src/money/money';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { Roles } from '../auth/roles.decorator';
import { AccountSearchQueryDto, CreateAccountDto, PrivilegesDto } from './account.dto';
import { accountJson } from './account.json';
import { uuidParam } from './params';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountService) {}

  @Post()
  async create(@Body() body: CreateAccountDto) {
    const account = await this.accounts.create({
      name: body.name,
      email: body.email ?? null,
      balanceAlertThreshold: body.balanceAlertThreshold === undefined ? null : money(body.balanceAlertThreshold),
    });
    return accountJson(account);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Accounts by id, searched by name or email (case-insensitive) and arrears: `{items, nextCursor}`' })
  @ApiOkResponse({ description: '`{items: [account with wallet], nextCursor}`' })
  async search(@Query() query: AccountSearchQueryDto) {
    return mapPage(await this.accounts.search({ q: query.q, inArrears: query.inArrears }, pageRequest(query, ['string'])), accountJson);
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
