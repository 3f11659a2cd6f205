import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MessageService } from '../../../core/src/accounts/message.service';
import { READERS } from '../../../core/src/auth/roles';
import { Roles } from '../auth/roles.decorator';
import { mapPage, pageRequest } from '../../../core/src/pagination/pagination';
import { PageQueryDto } from '../common/page-query.dto';
import { messageJson } from './account.json';
import { uuidParam } from './params';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('v1/accounts/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessageService) {}

  /** In-site messages: the account's notices, newest first. */
  @Get()
  @Roles(...READERS)
  async list(@Param('id', uuidParam('id')) accountId: string, @Query() query: PageQueryDto) {
    return mapPage(await this.messages.list(accountId, pageRequest(query, ['string', 'string'])), messageJson);
  }

  @Post(':messageId/read')
  @HttpCode(200)
  async markRead(@Param('id', uuidParam('id')) accountId: string, @Param('messageId', uuidParam('messageId')) messageId: string) {
    return messageJson(await this.messages.markRead(accountId, messageId));
  }
}
