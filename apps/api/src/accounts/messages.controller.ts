import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MessageService } from '../../../core/src/accounts/message.service';
import { READERS } from '../../../core/src/auth/roles';
import { Roles } from '../auth/roles.decorator';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { PageQueryDto } from '../common/page-query.dto';
import { messageJson } from './account.json';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import { MessageDto } from './account.response';
import { uuidParam } from './params';
import { AccountScoped } from '../auth/scope.decorator';

@ApiTags('messages')
@ApiBearerAuth()
@AccountScoped({ id: 'account' })
@Controller('v1/accounts/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessageService) {}

  @Get()
  @Roles(...READERS)
  @ApiDoc("List the account's messages", "In-site messages: the account's notices, newest first, a page at a time.")
  @ApiList(MessageDto)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async list(@Param('id', uuidParam('id')) accountId: string, @Query() query: PageQueryDto) {
    return mapPage(await this.messages.list(accountId, pageRequest(query, ['string', 'string'])), messageJson);
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
