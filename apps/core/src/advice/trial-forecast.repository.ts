import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { DayDau } from './advice.repository';

const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface ForecastCandidate {
  id: string;
  accountId: string;
  createdAt: Date;
  days: DayDau[];
}

/** The running trial apps a forecast concerns, and the alerts that make its notice once per approach. */
@Injectable()
export class TrialForecastRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Running trial apps with some DAU in [from, to], a page at a time by id, with those days. */
  async candidates(from: string, to: string, afterId: string | null, limit: number): Promise<ForecastCandidate[]> {
    return this.prisma.$queryRaw<ForecastCandidate[]>`
      SELECT a.id::text, a.account_id::text AS "accountId", a.created_at AS "createdAt",
             json_agg(json_build_object('date', u.day::text, 'dau', u.dau) ORDER BY u.day) AS days
        FROM applications a JOIN daily_usage u ON u.app_id = a.id AND u.day BETWEEN ${from}::date AND ${to}::date AND u.dau > 0
       WHERE a.plan = 'trial' AND a.state = 'trial' AND a.id > ${afterId ?? NO_ID}::uuid
       GROUP BY a.id
       ORDER BY a.id
       LIMIT ${limit}`;
  }

  /** Re-arms apps that stopped heading over the cap: no longer a running trial, or no DAU in the window. */
  async rearmInactive(from: string, to: string): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM trial_forecast_alerts f
       WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = f.app_id AND a.plan = 'trial' AND a.state = 'trial')
          OR NOT EXISTS (SELECT 1 FROM daily_usage u WHERE u.app_id = f.app_id AND u.day BETWEEN ${from}::date AND ${to}::date AND u.dau > 0)`;
  }

  async rearm(appIds: readonly string[]): Promise<number> {
    if (appIds.length === 0) return 0;
    return this.prisma.$executeRaw`DELETE FROM trial_forecast_alerts WHERE app_id = ANY(${appIds as string[]}::uuid[])`;
  }

  /** Claims the alert of each app not yet warned on this approach; returns the apps claimed. */
  async claim(tx: Tx, alerts: readonly { appId: string; projectedCutoffDate: string }[], today: string, at: Date): Promise<string[]> {
    if (alerts.length === 0) return [];
    const rows = await tx.$queryRaw<{ appId: string }[]>`
      INSERT INTO trial_forecast_alerts (app_id, projected_cutoff_date, notified_on, created_at)
      SELECT app_id, cutoff, ${today}::date, ${at}
        FROM unnest(${alerts.map((a) => a.appId)}::uuid[], ${alerts.map((a) => a.projectedCutoffDate)}::date[]) AS t(app_id, cutoff)
      ORDER BY app_id
      ON CONFLICT (app_id) DO NOTHING
      RETURNING app_id::text AS "appId"`;
    return rows.map((row) => row.appId);
  }
}
