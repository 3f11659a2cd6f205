import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { READERS } from '../../../core/src/auth/roles';
import type { RecipientInput } from '../../../core/src/notifications/delivery.types';
import { RecipientService } from '../../../core/src/notifications/recipient.service';
import { uuidParam } from '../accounts/params';
import { Roles } from '../auth/roles.decorator';
import { RecipientDto, SubscriptionsDto } from './notification.dto';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { recipientJson, subscriptionJson } from './notification.json';
import { RecipientListDto, RecipientResponseDto, SubscriptionListDto } from './notification.response';
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
  @ApiDoc(
    'List the notice recipients',
    "The account's creator (its own name and email when none is configured), resource and finance collaborators.",
  )
  @ApiOkResponse({ type: RecipientListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Param('id', uuidParam('id')) accountId: string) {
    return { recipients: (await this.recipients.list(accountId)).map(recipientJson) };
  }

  @Post('notification-recipients')
  @ApiDoc('Add a notice recipient', 'Admin. At least one of email, phone, wechatId; at most one creator per account (`INVALID_STATE`).')
  @ApiCreatedResponse({ type: RecipientResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async add(@Param('id', uuidParam('id')) accountId: string, @Body() body: RecipientDto) {
    return recipientJson(await this.recipients.add(accountId, input(body)));
  }

  @Put('notification-recipients/:recipientId')
  @ApiDoc('Replace a notice recipient', 'Admin.')
  @ApiOkResponse({ type: RecipientResponseDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  async replace(
    @Param('id', uuidParam('id')) accountId: string,
    @Param('recipientId', uuidParam('recipientId')) id: string,
    @Body() body: RecipientDto,
  ) {
    return recipientJson(await this.recipients.replace(accountId, id, input(body)));
  }

  @Delete('notification-recipients/:recipientId')
  @HttpCode(204)
  @ApiDoc('Remove a notice recipient', 'Admin.')
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async remove(@Param('id', uuidParam('id')) accountId: string, @Param('recipientId', uuidParam('recipientId')) id: string): Promise<void> {
    await this.recipients.remove(accountId, id);
  }

  @Get('notification-subscriptions')
  @Roles(...READERS)
  @ApiDoc(
    'List the notice subscriptions',
    "Every (role, type) with its channels, and whether they are the default or the account's choice.",
  )
  @ApiOkResponse({ type: SubscriptionListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async subscriptions(@Param('id', uuidParam('id')) accountId: string) {
    return { subscriptions: (await this.recipients.subscriptions(accountId)).map(subscriptionJson) };
  }

  @Put('notification-subscriptions')
  @ApiDoc(
    'Replace the notice subscriptions',
    "Admin. The account's whole choice: (role, type) pairs not listed go back to the default. Answers the effective subscriptions.",
  )
  @ApiOkResponse({ type: SubscriptionListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async replaceSubscriptions(@Param('id', uuidParam('id')) accountId: string, @Body() body: SubscriptionsDto) {
    const effective = await this.recipients.replaceSubscriptions(accountId, body.subscriptions);
    return { subscriptions: effective.map(subscriptionJson) };
  }
}
