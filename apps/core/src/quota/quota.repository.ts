import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';

export interface OverQuotaApp {
  id: string;
  accountId: string;
  dau: number;
  quota: number;
}

/** The over-quota SQL: a running prepaid app's day DAU against its subscription's units x unit DAU. */
@Injectable()
export class QuotaRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Running prepaid apps (all, or those among `appIds`) over quota on `day`
   * that are not throttled yet or not warned yet that day: those with
   * nothing left to do are skipped, so a busy ingest costs one read.
   */
  async overQuota(day: string, unitDau: number, appIds: readonly string[] | null, limit: number): Promise<OverQuotaApp[]> {
    return this.prisma.$queryRaw<OverQuotaApp[]>`
      SELECT a.id::text AS "id", a.account_id::text AS "accountId", u.dau, (s.units::bigint * ${unitDau}::int)::float8 AS "quota"
        FROM subscriptions s
        JOIN applications a ON a.id = s.app_id
        JOIN daily_usage u ON u.app_id = s.app_id AND u.day = ${day}::date
       WHERE s.status = 'active'
         AND (${appIds as string[] | null}::uuid[] IS NULL OR s.app_id = ANY(${appIds as string[] | null}::uuid[]))
         AND a.plan = 'prepaid' AND a.state IN ('deploying', 'active', 'grace')
         AND u.dau > s.units::bigint * ${unitDau}::int
         AND (NOT a.throttled OR NOT EXISTS (
               SELECT 1 FROM notifications n
                WHERE n.type = 'over_quota_warning' AND n.resource_key = a.id::text AND n.day = ${day}::date))
       ORDER BY a.id
       LIMIT ${limit}`;
  }

  /**
   * Locks the throttled apps (all, or those among `appIds`) that are no longer
   * over quota on `day`: the day closed at or under it, or the app has no
   * running plan any more. Returns their ids, for lifecycle to lift the
   * throttle in the same transaction.
   */
  async liftable(tx: Tx, day: string, unitDau: number, appIds: readonly string[] | null): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT a.id::text AS "id" FROM applications a
       WHERE a.throttled
         AND (${appIds as string[] | null}::uuid[] IS NULL OR a.id = ANY(${appIds as string[] | null}::uuid[]))
         AND NOT EXISTS (
           SELECT 1 FROM subscriptions s JOIN daily_usage u ON u.app_id = s.app_id AND u.day = ${day}::date
            WHERE s.app_id = a.id AND s.status = 'active' AND u.dau > s.units::bigint * ${unitDau}::int)
       ORDER BY a.id
       FOR UPDATE OF a`;
    return rows.map((row) => row.id);
  }

  /** The throttled apps with a running plan and their DAU of `day` (after the day's un-throttling: those still over quota). */
  async throttledOver(tx: Tx, day: string, unitDau: number): Promise<OverQuotaApp[]> {
    return tx.$queryRaw<OverQuotaApp[]>`
      SELECT a.id::text AS "id", a.account_id::text AS "accountId", coalesce(u.dau, 0) AS "dau", (s.units::bigint * ${unitDau}::int)::float8 AS "quota"
        FROM applications a
        JOIN subscriptions s ON s.app_id = a.id AND s.status = 'active'
        LEFT JOIN daily_usage u ON u.app_id = a.id AND u.day = ${day}::date
       WHERE a.throttled AND a.state IN ('deploying', 'active', 'grace')
       ORDER BY a.id`;
  }
}
