import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import { TRIAL_MAX_DAU, TRIAL_RECOVERY_DAYS } from './trial.rules';

export interface SuspendedTrial {
  id: string;
  accountId: string;
  suspendedOn: string;
  /** DAU of the days S+1 .. S+7 that have a row. */
  dauByDay: Map<string, number>;
}

export interface OverLimitApp {
  id: string;
  accountId: string;
  dau: number;
}

@Injectable()
export class TrialRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Suspended trial apps suspended on or before `suspendedBy`, read through the partial index on trial_suspended_on. */
  async suspendedTrialIds(suspendedBy: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM applications
      WHERE plan = 'trial' AND state = 'suspended' AND trial_suspended_on <= ${suspendedBy}::date
      ORDER BY id`;
    return rows.map((row) => row.id);
  }

  /** The suspended trial apps among `ids`, with the DAU of their recovery window. */
  async suspendedTrials(tx: Tx, ids: readonly string[]): Promise<SuspendedTrial[]> {
    const rows = await tx.$queryRaw<{ id: string; account_id: string; suspended_on: string; days: Record<string, number> }[]>`
      SELECT a.id::text, a.account_id::text, a.trial_suspended_on::text AS suspended_on,
             coalesce(jsonb_object_agg(u.day::text, u.dau) FILTER (WHERE u.day IS NOT NULL), '{}'::jsonb) AS days
      FROM applications a
      LEFT JOIN daily_usage u
        ON u.app_id = a.id AND u.day > a.trial_suspended_on AND u.day <= a.trial_suspended_on + ${TRIAL_RECOVERY_DAYS}::int
      WHERE a.id = ANY(${ids as string[]}::uuid[]) AND a.plan = 'trial' AND a.state = 'suspended'
        AND a.trial_suspended_on IS NOT NULL
      GROUP BY a.id
      ORDER BY a.id`;
    return rows.map((row) => ({
      id: row.id,
      accountId: row.account_id,
      suspendedOn: row.suspended_on,
      dauByDay: new Map(Object.entries(row.days)),
    }));
  }

  /**
   * Running trial apps whose DAU on `day` is over the limit (all of them, or
   * those among `ids`), at most `limit`. Driven by the day's usage rows: the
   * apps over the limit are few, the trial apps many.
   */
  async overLimitTrialApps(tx: Tx, day: string, limit: number, ids: readonly string[] | null = null): Promise<OverLimitApp[]> {
    return tx.$queryRaw<OverLimitApp[]>`
      SELECT a.id::text AS id, a.account_id::text AS "accountId", u.dau
      FROM daily_usage u
      JOIN applications a ON a.id = u.app_id
      WHERE u.day = ${day}::date AND u.dau > ${TRIAL_MAX_DAU}::int
        AND a.plan = 'trial' AND a.state = 'trial'
        AND (a.trial_check_resumes_on IS NULL OR a.trial_check_resumes_on <= ${day}::date)
        AND (${ids as string[] | null}::uuid[] IS NULL OR a.id = ANY(${ids as string[] | null}::uuid[]))
      ORDER BY a.id
      LIMIT ${limit}::int`;
  }
}
