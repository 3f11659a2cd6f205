import { Injectable } from '@nestjs/common';
import type { BulkTx } from '../prisma/unit-of-work';
import { PrismaService } from '../prisma/prisma.service';
import type { DayRange } from './revenue-rollup.rules';

/** Serialises rollups of every worker: a second one waits, then finds the days done. */
const ROLLUP_LOCK_KEY = 72707414;

export interface RollupState {
  lastRolled: string | null;
  firstRevenueDay: string | null;
  lastSettled: string | null;
}

@Injectable()
export class ReportingRepository {
  constructor(private readonly prisma: PrismaService) {}

  async publishSettings(billingTz: string, clockMode: string, at: Date): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO billing_settings (id, billing_tz, clock_mode, updated_at) VALUES ('current', ${billingTz}, ${clockMode}, ${at})
      ON CONFLICT (id) DO UPDATE SET billing_tz = EXCLUDED.billing_tz, clock_mode = EXCLUDED.clock_mode, updated_at = EXCLUDED.updated_at`;
  }

  /** Takes the rollup lock for the caller's transaction, which then reads the state inside it. */
  async lock(client: BulkTx): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_LOCK_KEY]);
  }

  async state(client: BulkTx, billingTz: string): Promise<RollupState> {
    const { rows } = await client.query<RollupState>(
      `SELECT (SELECT max(day)::text FROM revenue_rollup_days) AS "lastRolled",
              (SELECT max(day)::text FROM settlement_days) AS "lastSettled",
              least((SELECT min(day) FROM payg_bills WHERE amount > 0),
                    (SELECT (min(paid_at) AT TIME ZONE $1)::date FROM order_payments),
                    (SELECT (min(created_at) AT TIME ZONE $1)::date FROM refunds))::text AS "firstRevenueDay"`,
      [billingTz],
    );
    return rows[0];
  }

  /**
   * Rolls the days of the range, the days first so that a day without revenue
   * counts as done too. Days already rolled are left as they are.
   */
  async rollUp(client: BulkTx, range: DayRange, billingTz: string, at: Date): Promise<number> {
    await client.query(
      `INSERT INTO revenue_rollup_days (day, billing_tz, rolled_at)
       SELECT d::date, $3, $4 FROM generate_series($1::date, $2::date, interval '1 day') d
       ON CONFLICT (day) DO NOTHING`,
      [range.from, range.to, billingTz, at],
    );
    const { rowCount } = await client.query(
      `INSERT INTO revenue_daily_rollup (day, region, plan, revenue, refunds)
       SELECT m.day, m.region, m.plan, sum(m.revenue), sum(m.refunds)
         FROM (
           SELECT b.day, b.region, 'payg' AS plan, b.amount AS revenue, 0 AS refunds
             FROM payg_bills b
            WHERE b.day BETWEEN $1::date AND $2::date AND b.amount > 0
           UNION ALL
           SELECT (p.paid_at AT TIME ZONE $3)::date, a.region, CASE o.kind WHEN 'prepaid' THEN 'prepaid' ELSE 'payg' END, o.amount, 0
             FROM order_payments p
             JOIN orders o ON o.id = p.order_id
             JOIN applications a ON a.id = o.app_id
            WHERE p.paid_at >= $1::date::timestamp AT TIME ZONE $3 AND p.paid_at < ($2::date + 1)::timestamp AT TIME ZONE $3
           UNION ALL
           SELECT (r.created_at AT TIME ZONE $3)::date, a.region, CASE o.kind WHEN 'prepaid' THEN 'prepaid' ELSE 'payg' END, 0, r.amount
             FROM refunds r
             JOIN orders o ON o.id = r.order_id
             JOIN applications a ON a.id = o.app_id
            WHERE r.created_at >= $1::date::timestamp AT TIME ZONE $3 AND r.created_at < ($2::date + 1)::timestamp AT TIME ZONE $3
         ) m
        GROUP BY m.day, m.region, m.plan
       ON CONFLICT (day, region, plan) DO NOTHING`,
      [range.from, range.to, billingTz],
    );
    return rowCount ?? 0;
  }
}
