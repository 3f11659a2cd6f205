import { Injectable } from '@nestjs/common';
import { Prisma } from '../../../../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { ExpiringPlan } from './prepaid.notices';

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Selects the running subscriptions due for a step of the expiry lifecycle,
 * through the index on the expiry date of running subscriptions, a page at a
 * time in subscription-id order. The locking forms hold the subscriptions for
 * the caller's transaction, so a renewal (which locks its subscription first)
 * and a step never cross: a row renewed meanwhile is re-read and drops out.
 */
@Injectable()
export class ExpiryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Auto-renewing subscriptions whose E has come while the app still runs on the paid period (read outside a transaction). */
  async dueForAutoRenewal(expiredBy: string, afterId: string | null, limit: number): Promise<ExpiringPlan[]> {
    return this.select(
      this.prisma,
      Prisma.sql`s.auto_renew AND s.expires_on <= ${expiredBy}::date AND a.state IN ('active', 'deploying')`,
      afterId,
      limit,
      false,
    );
  }

  /** Subscriptions without auto-renewal whose E has come: the app goes to grace. */
  async lockExpired(tx: Tx, expiredBy: string, limit: number): Promise<ExpiringPlan[]> {
    return this.select(
      tx,
      Prisma.sql`NOT s.auto_renew AND s.expires_on <= ${expiredBy}::date AND a.state IN ('active', 'deploying')`,
      null,
      limit,
      true,
    );
  }

  async lockGraceOver(tx: Tx, suspendBy: string, limit: number): Promise<ExpiringPlan[]> {
    return this.select(tx, Prisma.sql`s.expires_on <= ${suspendBy}::date AND a.state = 'grace'`, null, limit, true);
  }

  async lockSuspensionOver(tx: Tx, destroyBy: string, limit: number): Promise<ExpiringPlan[]> {
    return this.select(
      tx,
      Prisma.sql`s.expires_on <= ${destroyBy}::date AND a.state = 'suspended' AND a.suspension_reason = 'expired'`,
      null,
      limit,
      true,
    );
  }

  /** Running apps whose E is in [from, to]: reminder time. */
  async expiringBetween(from: string, to: string, afterId: string | null, limit: number): Promise<ExpiringPlan[]> {
    return this.select(
      this.prisma,
      Prisma.sql`s.expires_on BETWEEN ${from}::date AND ${to}::date AND a.state IN ('active', 'deploying')`,
      afterId,
      limit,
      false,
    );
  }

  /** Apps in grace whose E is in [from, to]: expiry-notice time. */
  async inGraceBetween(from: string, to: string, afterId: string | null, limit: number): Promise<ExpiringPlan[]> {
    return this.select(
      this.prisma,
      Prisma.sql`s.expires_on BETWEEN ${from}::date AND ${to}::date AND a.state = 'grace'`,
      afterId,
      limit,
      false,
    );
  }

  /** In the caller's transaction (the locking forms) or, for a plain read, on the repository's own client. */
  private select(tx: Tx | PrismaService, due: Prisma.Sql, afterId: string | null, limit: number, lock: boolean): Promise<ExpiringPlan[]> {
    return tx.$queryRaw<ExpiringPlan[]>`
      SELECT s.id::text AS "subscriptionId", s.app_id::text AS "appId", s.account_id::text AS "accountId",
             s.expires_on::text AS "expiresOn", s.auto_renew AS "autoRenew"
        FROM subscriptions s JOIN applications a ON a.id = s.app_id
       WHERE s.status = 'active' AND ${due} AND s.id > ${afterId ?? NO_ID}::uuid
       ORDER BY s.id
       LIMIT ${limit}
       ${lock ? Prisma.sql`FOR UPDATE OF s` : Prisma.empty}`;
  }
}
