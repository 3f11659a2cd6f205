import type { Type } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { MessagesController } from './messages.controller';
import { WalletController } from './wallet.controller';

/** Controllers of accounts, wallets and the ledger. */
export const ACCOUNT_CONTROLLERS: Type[] = [AccountsController, WalletController, MessagesController];
