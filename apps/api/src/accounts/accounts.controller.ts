import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AccountService } from '../../../core/src/accounts/account.service';
import { READERS } from '../../../core/src/auth/roles';
import { money } from '../../../core/src/money/money';
import { Roles } from '../auth/roles.decorator';
import { CreateAccountDto, PrivilegesDto } from './account.dto';
import { accountJson } from './account.json';
import { uuidParam } from './params';
import { AccountScoped, PlatformWide } from '../auth/scope.decorator';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountService) {}

  @Post()
  @PlatformWide()
  async create(@Body() body: CreateAccountDto) {
    const account = await this.accounts.create({
      name: body.name,
      email: body.email ?? null,
      balanceAlertThreshold: body.balanceAlertThreshold === undefined ? null : money(body.balanceAlertThreshold),
    });
    return accountJson(account);
  }

  @Get(':id')
  @Roles(...READERS)
  @AccountScoped({ id: 'account' })
  async get(@Param('id', uuidParam('id')) id: string) {
    return accountJson(await this.accounts.get(id));
  }

  @Put(':id/privileges')
  @PlatformWide()
  async setPrivileges(@Param('id', uuidParam('id')) id: string, @Body() body: PrivilegesDto) {
    return accountJson(await this.accounts.setNeverSuspend(id, body.neverSuspend));
  }
}
