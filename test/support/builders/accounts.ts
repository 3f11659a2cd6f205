import { randomUUID } from 'node:crypto';
import { AccountService, AccountView } from '../../../apps/core/src/accounts/account.service';
import { addDays, billingDate } from '../../../apps/core/src/clock/calendar';
import { Clock } from '../../../apps/core/src/clock/clock';
import { APP_CONFIG } from '../../../apps/core/src/config/config.module';
import type { AppConfig } from '../../../apps/core/src/config/config';
import { LedgerService } from '../../../apps/core/src/ledger/ledger.service';
import { money } from '../../../apps/core/src/money/money';
import type { TestSystem } from '../system';

export interface BuiltAccount {
  id: string;
  /** Ids of the vouchers granted, in the order of the withVoucher calls. */
  voucherIds: string[];
  /** The account as it stands after the builder's top-ups and grants. */
  account: AccountView;
}

/**
 * An account with money in its wallet, through the real services (so the
 * ledger holds every amount):
 * `await anAccount(system).withCash('100.00').withVoucher('20.00').create()`.
 */
export class AccountBuilder {
  private name = `Account ${randomUUID().slice(0, 8)}`;
  private email: string | null = null;
  private threshold: string | null = null;
  private neverSuspend = false;
  private readonly topUps: { kind: 'cash' | 'gift'; amount: string }[] = [];
  private readonly vouchers: { amount: string; expiresOn?: string }[] = [];

  constructor(private readonly system: TestSystem) {}

  named(name: string): this {
    this.name = name;
    return this;
  }

  withEmail(email: string): this {
    this.email = email;
    return this;
  }

  withCash(amount: string): this {
    this.topUps.push({ kind: 'cash', amount });
    return this;
  }

  withGift(amount: string): this {
    this.topUps.push({ kind: 'gift', amount });
    return this;
  }

  /** Expires a year after today (billing date) unless given. */
  withVoucher(amount: string, expiresOn?: string): this {
    this.vouchers.push({ amount, expiresOn });
    return this;
  }

  withBalanceAlertThreshold(amount: string): this {
    this.threshold = amount;
    return this;
  }

  neverSuspended(): this {
    this.neverSuspend = true;
    return this;
  }

  async create(): Promise<BuiltAccount> {
    const accounts = this.system.api.get(AccountService);
    const ledger = this.system.api.get(LedgerService);
    const created = await accounts.create({
      name: this.name,
      email: this.email,
      balanceAlertThreshold: this.threshold === null ? null : money(this.threshold),
    });
    const id = created.id;
    if (this.neverSuspend) await accounts.setNeverSuspend(id, true);
    for (const [i, topUp] of this.topUps.entries()) {
      await ledger.topUp(id, money(topUp.amount), topUp.kind, `builder:${id}:top-up:${i}`);
    }
    const today = billingDate(this.system.api.get(Clock).now(), this.system.api.get<AppConfig>(APP_CONFIG).billingTz);
    const voucherIds: string[] = [];
    for (const voucher of this.vouchers) {
      const grant = await ledger.grantVoucher(id, money(voucher.amount), voucher.expiresOn ?? addDays(today, 365));
      voucherIds.push(grant.voucher.id);
    }
    return { id, voucherIds, account: await accounts.get(id) };
  }
}

export const anAccount = (system: TestSystem): AccountBuilder => new AccountBuilder(system);
