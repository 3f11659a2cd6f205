import { Inject, Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import type { BulkTx } from '../prisma/unit-of-work';
import { billingDate } from '../clock/calendar';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { NoticeService } from '../notifications/notice.service';
import type { NoticeInput } from '../notifications/notification.types';
import { BulkCharge, LedgerBulkRepository } from './ledger-bulk.repository';
import { arrearsNotice, balanceAlert } from './wallet.notices';
import { type WalletFlags, watchWallet } from './wallet.rules';

/**
 * Money moved for many accounts at once (the daily settlement), inside the
 * caller's `pg` transaction: the same ledger rows, wallet balances and wallet
 * watch (arrears, balance alerts) as LedgerService writes one movement at a time.
 */
@Injectable()
export class LedgerBulkService {
  constructor(
    private readonly bulk: LedgerBulkRepository,
    private readonly notices: NoticeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Locks the wallets of these accounts for the caller's transaction and returns their gift credit. */
  lockGiftBalances(client: BulkTx, accountIds: string[]): Promise<Map<string, Decimal>> {
    return this.bulk.lockGiftBalances(client, accountIds);
  }

  /** Charges the accounts of one billing day; returns each charged account's ledger transaction id. */
  async charge(client: BulkTx, input: { day: string; charges: BulkCharge[]; at: Date }): Promise<Map<string, string>> {
    const { transactionIds, wallets } = await this.bulk.charge(client, input);
    const day = billingDate(input.at, this.config.billingTz);
    const changes: { accountId: string; flags: WalletFlags }[] = [];
    const notices: NoticeInput[] = [];
    for (const wallet of wallets) {
      const watch = watchWallet(wallet, wallet, wallet.balanceAlertThreshold, input.at);
      if (watch.flags.arrearsSince !== wallet.arrearsSince || watch.flags.lowBalanceSince !== wallet.lowBalanceSince) {
        changes.push({ accountId: wallet.accountId, flags: watch.flags });
      }
      if (watch.enteredArrears) notices.push(arrearsNotice(wallet, wallet, day, input.at));
      if (watch.droppedBelowThreshold) notices.push(balanceAlert(wallet, wallet, wallet.balanceAlertThreshold!, day));
    }
    await this.bulk.setWalletFlags(client, changes);
    await this.notices.raiseManyInBulk(client, notices, input.at);
    return transactionIds;
  }
}
