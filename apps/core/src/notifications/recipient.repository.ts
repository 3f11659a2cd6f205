import { Injectable } from '@nestjs/common';
import type { NotificationRecipient } from '../../../../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { Channel, Recipient, RecipientInput, RecipientRole, SubscriptionOverride } from './delivery.types';
import type { NotificationType } from './notification.types';

export interface RecipientRecord extends Recipient {
  id: string;
  accountId: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountContact {
  name: string;
  email: string | null;
}

function toRecord(row: NotificationRecipient): RecipientRecord {
  return {
    id: row.id,
    accountId: row.accountId,
    role: row.role as RecipientRole,
    name: row.name,
    email: row.email,
    phone: row.phone,
    wechatId: row.wechatId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Recipients of an account's notices and the account's choice of channels. */
@Injectable()
export class RecipientRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Name and email of the account: the creator when none is configured. Null: no such account. */
  async accountContact(accountId: string): Promise<AccountContact | null> {
    return this.prisma.account.findUnique({ where: { id: accountId }, select: { name: true, email: true } });
  }

  async accountContacts(tx: Tx, accountIds: string[]): Promise<Map<string, AccountContact>> {
    const rows = await tx.account.findMany({ where: { id: { in: accountIds } }, select: { id: true, name: true, email: true } });
    return new Map(rows.map((row) => [row.id, { name: row.name, email: row.email }]));
  }

  async list(accountId: string): Promise<RecipientRecord[]> {
    const rows = await this.prisma.notificationRecipient.findMany({ where: { accountId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toRecord);
  }

  /** The configured recipients of each account (accounts with none are absent). */
  async listForAccounts(tx: Tx, accountIds: string[]): Promise<Map<string, RecipientRecord[]>> {
    const rows = await tx.notificationRecipient.findMany({
      where: { accountId: { in: accountIds } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const byAccount = new Map<string, RecipientRecord[]>();
    for (const row of rows) byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), toRecord(row)]);
    return byAccount;
  }

  async find(accountId: string, id: string): Promise<RecipientRecord | null> {
    const row = await this.prisma.notificationRecipient.findFirst({ where: { id, accountId } });
    return row ? toRecord(row) : null;
  }

  /** Throws P2002 when the account already has a creator (one creator per account). */
  async create(accountId: string, id: string, input: RecipientInput, at: Date): Promise<RecipientRecord> {
    return toRecord(await this.prisma.notificationRecipient.create({ data: { id, accountId, ...input, createdAt: at, updatedAt: at } }));
  }

  async replace(accountId: string, id: string, input: RecipientInput, at: Date): Promise<RecipientRecord | null> {
    const { count } = await this.prisma.notificationRecipient.updateMany({ where: { id, accountId }, data: { ...input, updatedAt: at } });
    return count ? this.find(accountId, id) : null;
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.notificationRecipient.deleteMany({ where: { id, accountId } });
    return count > 0;
  }

  async overrides(accountId: string): Promise<SubscriptionOverride[]> {
    return (await this.overridesForAccounts(this.prisma, [accountId])).get(accountId) ?? [];
  }

  async overridesForAccounts(tx: Tx, accountIds: string[]): Promise<Map<string, SubscriptionOverride[]>> {
    const rows = await tx.notificationSubscription.findMany({ where: { accountId: { in: accountIds } } });
    const byAccount = new Map<string, SubscriptionOverride[]>();
    for (const row of rows) {
      const list = byAccount.get(row.accountId) ?? [];
      list.push({ role: row.role as RecipientRole, type: row.type as NotificationType, channels: row.channels as Channel[] });
      byAccount.set(row.accountId, list);
    }
    return byAccount;
  }

  /** The account's whole choice at once: pairs not listed go back to the default. */
  async replaceOverrides(tx: Tx, accountId: string, overrides: SubscriptionOverride[], at: Date): Promise<void> {
    await tx.notificationSubscription.deleteMany({ where: { accountId } });
    await tx.notificationSubscription.createMany({
      data: overrides.map((o) => ({ accountId, role: o.role, type: o.type, channels: o.channels, updatedAt: at })),
    });
  }
}
