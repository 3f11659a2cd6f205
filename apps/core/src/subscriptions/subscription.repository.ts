import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb, dateToDb } from '../clock/calendar';
import type { Region } from '../pricing/price-book';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { NewSubscription, Subscription, SubscriptionStatus } from './subscription.types';

type Row = Prisma.SubscriptionGetPayload<object>;

function toSubscription(row: Row): Subscription {
  return {
    id: row.id,
    accountId: row.accountId,
    appId: row.appId,
    region: row.region as Region,
    units: row.units,
    purchasedMonths: row.purchasedMonths,
    startsOn: dateFromDb(row.startsOn),
    expiresOn: dateFromDb(row.expiresOn),
    autoRenew: row.autoRenew,
    status: row.status as SubscriptionStatus,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface BuyingAccount {
  firstPaidAt: Date | null;
  neverSuspend: boolean;
}

/** Subscriptions, and the few account facts prepaid plans decide on. */
@Injectable()
export class SubscriptionRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(tx: Tx, subscription: NewSubscription): Promise<void> {
    await tx.subscription.create({
      data: {
        ...subscription,
        startsOn: dateToDb(subscription.startsOn),
        expiresOn: dateToDb(subscription.expiresOn),
        status: 'active',
        updatedAt: subscription.createdAt,
      },
    });
  }

  async find(id: string): Promise<Subscription | null> {
    const row = await this.prisma.subscription.findUnique({ where: { id } });
    return row ? toSubscription(row) : null;
  }

  /** The subscription as the caller's transaction sees it. */
  async findIn(tx: Tx, id: string): Promise<Subscription | null> {
    const row = await tx.subscription.findUnique({ where: { id } });
    return row ? toSubscription(row) : null;
  }

  /** Row-locks the subscription for the transaction: renewals, upgrades, refunds and the expiry steps of one subscription run one at a time. */
  async lock(tx: Tx, id: string): Promise<Subscription | null> {
    const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length ? this.findIn(tx, id) : null;
  }

  /** The app's running subscription (at most one). */
  async findActive(appId: string): Promise<Subscription | null> {
    const row = await this.prisma.subscription.findFirst({ where: { appId, status: 'active' } });
    return row ? toSubscription(row) : null;
  }

  /** The app's running subscription as the caller's transaction sees it. */
  async findActiveIn(tx: Tx, appId: string): Promise<Subscription | null> {
    const row = await tx.subscription.findFirst({ where: { appId, status: 'active' } });
    return row ? toSubscription(row) : null;
  }

  /** Moves E forward; guarded by the E it moves from, so a renewal happens once. */
  async extend(tx: Tx, id: string, from: string, to: string, at: Date): Promise<boolean> {
    const { count } = await tx.subscription.updateMany({
      where: { id, status: 'active', expiresOn: dateToDb(from) },
      data: { expiresOn: dateToDb(to), updatedAt: at },
    });
    return count === 1;
  }

  async setUnits(tx: Tx, id: string, units: number, at: Date): Promise<void> {
    await tx.subscription.update({ where: { id }, data: { units, updatedAt: at } });
  }

  /** Null: no running subscription with this id. */
  async setAutoRenew(id: string, autoRenew: boolean, at: Date): Promise<Subscription | null> {
    const { count } = await this.prisma.subscription.updateMany({ where: { id, status: 'active' }, data: { autoRenew, updatedAt: at } });
    return count ? this.find(id) : null;
  }

  /** Ends running subscriptions (destroyed apps: 'ended'; refunds: 'refunded'); the others are left alone. */
  async close(tx: Tx, ids: readonly string[], status: Exclude<SubscriptionStatus, 'active'>, at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const { count } = await tx.subscription.updateMany({
      where: { id: { in: [...ids] }, status: 'active' },
      data: { status, updatedAt: at },
    });
    return count;
  }

  async buyingAccount(tx: Tx, accountId: string): Promise<BuyingAccount | null> {
    const row = await tx.account.findUnique({ where: { id: accountId }, select: { firstPaidAt: true, neverSuspend: true } });
    return row;
  }
}
