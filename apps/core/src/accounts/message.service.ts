import type { Page, PageRequest } from '../pagination/pagination';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { NoticeService } from '../notifications/notice.service';
import { AccountRepository } from './account.repository';
import { MessageRepository } from './message.repository';
import type { MessageRecord } from './message.types';

/** The in-site channel: the notices raised for an account, read through the API. */
@Injectable()
export class MessageService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly accounts: AccountRepository,
    private readonly notices: NoticeService,
    private readonly clock: Clock,
  ) {}

  async list(accountId: string, page: PageRequest): Promise<Page<MessageRecord>> {
    if (!(await this.accounts.exists(accountId))) throw DomainError.notFound('account', accountId);
    return this.messages.listNewestFirst(accountId, page);
  }

  async markRead(accountId: string, messageId: string): Promise<MessageRecord> {
    await this.notices.markRead(accountId, messageId, this.clock.now());
    const message = await this.messages.find(accountId, messageId);
    if (!message) throw DomainError.notFound('message', messageId);
    return message;
  }
}
