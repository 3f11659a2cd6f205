import { Module } from '@nestjs/common';
import { IdempotencyRepository } from '../idempotency/idempotency.repository';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerService } from '../ledger/ledger.service';
import { AccountRepository } from './account.repository';
import { AccountService } from './account.service';
import { MessageRepository } from './message.repository';
import { MessageService } from './message.service';

/** Accounts, wallets, the ledger and idempotent writes. */
const PROVIDERS: any[] = [
  AccountRepository,
  AccountService,
  MessageRepository,
  MessageService,
  LedgerRepository,
  LedgerService,
  IdempotencyRepository,
  IdempotencyService,
];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class AccountsModule {}
