import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb } from '../clock/calendar';
import { money } from '../money/money';
import { Page, pageOf, PageRequest } from '../pagination/pagination';
import type { Tx } from '../prisma/transaction';
import { PrismaService } from '../prisma/prisma.service';

export interface AccountRecord {
  id: string;
  name: string;
  email: string | null;
  balanceAlertThreshold: Decimal | null;
  neverSuspend: boolean;
  firstPaidAt: Date | null;
  createdAt: Date;
}

export interface WalletVoucher {
  id: string;
  amount: Decimal;
  remaining: Decimal;
  expiresOn: string;
  createdAt: Date;
}

export interface WalletRecord {
  cash: Decimal;
  gift: Decimal;
  frozen: Decimal;
  arrearsSince: Date | null;
  lowBalanceSince: Date | null;
  vouchers: WalletVoucher[];
}

export type AccountWithWallet = AccountRecord & { wallet: WalletRecord };

export interface NewAccount {
  id: string;
  name: string;
  email: string | null;
  balanceAlertThreshold: Decimal | null;
  createdAt: Date;
}

export interface AccountSearch {
  q?: string;
  inArrears?: boolean;
}

const WITH_WALLET = {
  wallet: true,
  vouchers: { orderBy: [{ expiresOn: 'asc' }, { createdAt: 'asc' }] },
} satisfies Prisma.AccountInclude;

type RowWithWallet = Prisma.AccountGetPayload<{ include: typeof WITH_WALLET }>;

function toAccount(row: Prisma.AccountGetPayload<object>): AccountRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    balanceAlertThreshold: row.balanceAlertThreshold === null ? null : money(row.balanceAlertThreshold.toString()),
    neverSuspend: row.neverSuspend,
    firstPaidAt: row.firstPaidAt,
    createdAt: row.createdAt,
  };
}

function toAccountWithWallet(row: RowWithWallet): AccountWithWallet {
  const wallet = row.wallet!;
  return {
    ...toAccount(row),
    wallet: {
      cash: money(wallet.cash.toString()),
      gift: money(wallet.gift.toString()),
      frozen: money(wallet.frozen.toString()),
      arrearsSince: wallet.arrearsSince,
      lowBalanceSince: wallet.lowBalanceSince,
      vouchers: row.vouchers.map((voucher) => ({
        id: voucher.id,
        amount: money(voucher.amount.toString()),
        remaining: money(voucher.remaining.toString()),
        expiresOn: dateFromDb(voucher.expiresOn),
        createdAt: voucher.createdAt,
      })),
    },
  };
}

@Injectable()
export class AccountRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The account and its (empty) wallet in one transaction: an account never exists without one. */
  async create(tx: Tx, account: NewAccount): Promise<AccountWithWallet> {
    await tx.account.create({
      data: {
        id: account.id,
        name: account.name,
        email: account.email,
        balanceAlertThreshold: account.balanceAlertThreshold?.toString() ?? null,
        createdAt: account.createdAt,
        wallet: { create: { updatedAt: account.createdAt } },
      },
    });
    return toAccountWithWallet(await tx.account.findUniqueOrThrow({ where: { id: account.id }, include: WITH_WALLET }));
  }

  async findWithWallet(id: string): Promise<AccountWithWallet | null> {
    const row = await this.prisma.account.findUnique({ where: { id }, include: WITH_WALLET });
    return row ? toAccountWithWallet(row) : null;
  }

  /** Accounts by id, a page at a time: `q` matches name or email, case-insensitive, anywhere in them (trigram indexes). */
  async search(filter: AccountSearch, page: PageRequest): Promise<Page<AccountWithWallet>> {
    const after = page.after as [string] | null;
    const rows = await this.prisma.account.findMany({
      where: {
        ...(after ? { id: { gt: after[0] } } : {}),
        ...(filter.q
          ? { OR: [{ name: { contains: filter.q, mode: 'insensitive' } }, { email: { contains: filter.q, mode: 'insensitive' } }] }
          : {}),
        ...(filter.inArrears === undefined ? {} : { wallet: { arrearsSince: filter.inArrears ? { not: null } : null } }),
      },
      include: WITH_WALLET,
      orderBy: { id: 'asc' },
      take: page.limit + 1,
    });
    return pageOf(rows.map(toAccountWithWallet), page.limit, (account) => [account.id]);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.account.count({ where: { id } })) > 0;
  }

  /** The first paid purchase exempts the account from a later sales stop. */
  async markFirstPaid(tx: Tx, accountId: string, at: Date): Promise<void> {
    await tx.$executeRaw`UPDATE accounts SET first_paid_at = coalesce(first_paid_at, ${at}) WHERE id = ${accountId}::uuid`;
  }

  /** False when there is no such account. */
  async setNeverSuspend(id: string, neverSuspend: boolean): Promise<boolean> {
    return (await this.prisma.account.updateMany({ where: { id }, data: { neverSuspend } })).count === 1;
  }
}
