import { Module } from '@nestjs/common';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { MessageRepository } from './message.repository';
import { MessageService } from './message.service';

/** Accounts and their message inbox. */
@Module({
  providers: [AccountRepository, AccountService, MessageRepository, MessageService],
  exports: [AccountService, MessageService],
})
export class AccountsModule {}
