import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MessageService } from '../../../core/src/accounts/message.service';
import { READERS } from '../../../core/src/auth/roles';
import { Roles } from '../auth/roles.decorator';
import { LimitQueryDto } from '../common/limit-query.dto';
import { messageJson } from './account.json';
import { uuidParam } from './params';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('messages')
@ApiBearerAuth()
@AccountScoped({ id: 'account' })
@Controller('v1/accounts/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessageService) {}

  /** In-site messages: the account's notices, newest first. */
  @Get()
  @Roles(...READERS)
  async list(@Param('id', uuidParam('id')) accountId: string, @Query() query: LimitQueryDto) {
    return (await this.messages.list(accountId, query.limit ?? 100)).map(messageJson);
  }

  @Post(':messageId/read')
  @HttpCode(200)
  async markRead(@Param('id', uuidParam('id')) accountId: string, @Param('messageId', uuidParam('messageId')) messageId: string) {
    return messageJson(await this.messages.markRead(accountId, messageId));
  }
}
