import { randomUUID } from 'node:crypto';
import { mapPage, type Page, type PageRequest } from '../pagination/pagination';
import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { Clock } from '../clock/clock';
import type { Tx } from '../prisma/transaction';
import { UnitOfWork } from '../prisma/unit-of-work';
import { DomainError } from '../errors/domain-error';
import { availableBalance, isInArrears } from '../ledger/wallet.rules';
import { AccountRepository, AccountSearch, AccountWithWallet, WalletRecord } from './account.repository';

export interface NewAccountInput {
  name: string;
  email?: string | null;
  /** Alert when the available balance drops below this; null: never. */
  balanceAlertThreshold?: Decimal | null;
}

export type WalletView = WalletRecord & { available: Decimal; inArrears: boolean };
export type AccountView = Omit<AccountWithWallet, 'wallet'> & { wallet: WalletView };

function toView(account: AccountWithWallet): AccountView {
  const { wallet } = account;
  return { ...account, wallet: { ...wallet, available: availableBalance(wallet), inArrears: isInArrears(wallet) } };
}

@Injectable()
export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** In the caller's transaction when given one (a create under an Idempotency-Key stores its answer with it). */
  async create(input: NewAccountInput, outer?: Tx): Promise<AccountView> {
    const account = {
      id: randomUUID(),
      name: input.name,
      email: input.email ?? null,
      balanceAlertThreshold: input.balanceAlertThreshold ?? null,
      createdAt: this.clock.now(),
    };
    return toView(await (outer ? this.accounts.create(outer, account) : this.uow.run((tx) => this.accounts.create(tx, account))));
  }

  /** The first paid purchase exempts the account from a later sales stop (in the caller's transaction). */
  markFirstPaid(tx: Tx, accountId: string, at: Date): Promise<void> {
    return this.accounts.markFirstPaid(tx, accountId, at);
  }

  async search(filter: AccountSearch, page: PageRequest): Promise<Page<AccountView>> {
    return mapPage(await this.accounts.search(filter, page), toView);
  }

  async get(id: string): Promise<AccountView> {
    const account = await this.accounts.findWithWallet(id);
    if (!account) throw DomainError.notFound('account', id);
    return toView(account);
  }

  /** Never-suspend accounts keep running (and being charged) in arrears; renewals are advanced by the platform (SPEC.md 6, 7). */
  async setNeverSuspend(id: string, neverSuspend: boolean): Promise<AccountView> {
    if (!(await this.accounts.setNeverSuspend(id, neverSuspend))) throw DomainError.notFound('account', id);
    return this.get(id);
  }
}
