import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MessageService } from '../../../core/src/accounts/message.service';
import { READERS } from '../../../core/src/auth/roles';
import { Roles } from '../auth/roles.decorator';
import { LimitQueryDto } from '../common/limit-query.dto';
import { messageJson } from './account.json';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { MessageDto } from './account.response';
import { uuidParam } from './params';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('v1/accounts/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessageService) {}

  @Get()
  @Roles(...READERS)
  @ApiDoc('List the account\'s messages', 'In-site messages: the account\'s notices, newest first, at most `limit`.')
  @ApiOkResponse({ type: [MessageDto] })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Param('id', uuidParam('id')) accountId: string, @Query() query: LimitQueryDto) {
    return (await this.messages.list(accountId, query.limit ?? 100)).map(messageJson);
  }

  @Post(':messageId/read')
  @HttpCode(200)
  @ApiDoc('Mark a message read', 'Admin. Marking it again keeps the first `readAt`.')
  @ApiOkResponse({ type: MessageDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async markRead(@Param('id', uuidParam('id')) accountId: string, @Param('messageId', uuidParam('messageId')) messageId: string) {
    return messageJson(await this.messages.markRead(accountId, messageId));
  }
}
