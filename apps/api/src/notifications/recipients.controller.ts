import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import type { RecipientInput } from '../../../core/src/notifications/recipient.repository';
import { RecipientService } from '../../../core/src/notifications/recipient.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { RecipientDto, SubscriptionsDto } from './notification.dto';
import { recipientJson, subscriptionJson } from './notification.json';
import { AccountScoped } from '../auth/scope.decorator';

const input = (body: RecipientDto): RecipientInput => ({
  role: body.role,
  name: body.name,
  email: body.email ?? null,
  phone: body.phone ?? null,
  wechatId: body.wechatId ?? null,
});

/** Who hears about an account's notices, and on which channels. Admins write; readers read. */
@ApiTags('notifications')
@ApiBearerAuth()
@AccountScoped({ id: 'account' })
@Controller('v1/accounts/:id')
export class RecipientsController {
  constructor(private readonly recipients: RecipientService) {}

  @Get('notification-recipients')
  @Roles(...READERS)
  async list(@Param('id', uuidParam('id')) accountId: string) {
    return { recipients: (await this.recipients.list(accountId)).map(recipientJson) };
  }

  @Post('notification-recipients')
  async add(@Param('id', uuidParam('id')) accountId: string, @Body() body: RecipientDto) {
    return recipientJson(await this.recipients.add(accountId, input(body)));
  }

  @Put('notification-recipients/:recipientId')
  async replace(@Param('id', uuidParam('id')) accountId: string, @Param('recipientId', uuidParam('recipientId')) id: string, @Body() body: RecipientDto) {
    return recipientJson(await this.recipients.replace(accountId, id, input(body)));
  }

  @Delete('notification-recipients/:recipientId')
  @HttpCode(204)
  async remove(@Param('id', uuidParam('id')) accountId: string, @Param('recipientId', uuidParam('recipientId')) id: string): Promise<void> {
    await this.recipients.remove(accountId, id);
  }

  /** Every (role, type) with its channels and whether they are the default or the account's choice. */
  @Get('notification-subscriptions')
  @Roles(...READERS)
  async subscriptions(@Param('id', uuidParam('id')) accountId: string) {
    return { subscriptions: (await this.recipients.subscriptions(accountId)).map(subscriptionJson) };
  }

  @Put('notification-subscriptions')
  async replaceSubscriptions(@Param('id', uuidParam('id')) accountId: string, @Body() body: SubscriptionsDto) {
    const effective = await this.recipients.replaceSubscriptions(accountId, body.subscriptions);
    return { subscriptions: effective.map(subscriptionJson) };
  }
}
