import { Module } from '@nestjs/common';

/** Accounts, wallets, the ledger and idempotent writes. */
const PROVIDERS: any[] = [];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class AccountsModule {}
