import { Injectable } from '@nestjs/common';
import { money } from '../money/money';
import { PrismaService } from '../prisma/prisma.service';
import type { PreviewAccount, PreviewApp, PreviewSubscription } from './preview.rules';

interface AccountRow {
  id: string;
  neverSuspend: boolean;
  cash: string;
  gift: string;
  frozen: string;
  arrearsSince: Date | null;
}

/** Today's data of the accounts a preview replays: wallets, live apps, running subscriptions, recent DAU. */
@Injectable()
export class PreviewRepository {
  constructor(private readonly prisma: PrismaService) {}

  async accountOfApp(appId: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<
      { accountId: string }[]
    >`SELECT account_id::text AS "accountId" FROM applications WHERE id = ${appId}::uuid`;
    return row?.accountId ?? null;
  }

  async account(accountId: string): Promise<PreviewAccount | null> {
    const [row] = await this.prisma.$queryRaw<AccountRow[]>`
      SELECT a.id::text, a.never_suspend AS "neverSuspend", w.cash::text, w.gift::text, w.frozen::text, w.arrears_since AS "arrearsSince"
        FROM accounts a JOIN wallets w ON w.account_id = a.id WHERE a.id = ${accountId}::uuid`;
    return row ? { ...row, cash: money(row.cash), gift: money(row.gift), frozen: money(row.frozen) } : null;
  }

  /** The account's apps that are not destroyed, with the loyalty counter and day of their latest bill. */
  async apps(accountId: string): Promise<PreviewApp[]> {
    return this.prisma.$queryRaw<PreviewApp[]>`
      SELECT a.id::text, a.account_id::text AS "accountId", a.region, a.plan, a.state, a.state_changed_at AS "stateChangedAt",
             a.suspension_reason AS "suspensionReason", a.trial_suspended_on::text AS "trialSuspendedOn", a.throttled,
             a.payg_activated_at AS "paygActivatedAt", coalesce(b.charged_days_total, 0) AS "chargedDays", b.day::text AS "lastBilledDay"
        FROM applications a
        LEFT JOIN LATERAL (SELECT day, charged_days_total FROM payg_bills WHERE app_id = a.id ORDER BY day DESC LIMIT 1) b ON true
       WHERE a.account_id = ${accountId}::uuid AND a.state <> 'destroyed'
       ORDER BY a.id`;
  }

  /** Running subscriptions of the account, with the months of their latest term (what auto-renewal buys). */
  async subscriptions(accountId: string): Promise<PreviewSubscription[]> {
    return this.prisma.$queryRaw<PreviewSubscription[]>`
      SELECT s.id::text, s.app_id::text AS "appId", s.units, s.expires_on::text AS "expiresOn", s.auto_renew AS "autoRenew",
             coalesce((SELECT o.months FROM orders o WHERE o.subscription_id = s.id AND o.purpose <> 'upgrade' AND o.months IS NOT NULL
                        ORDER BY o.created_at DESC LIMIT 1), s.purchased_months) AS "renewalMonths"
        FROM subscriptions s
       WHERE s.account_id = ${accountId}::uuid AND s.status = 'active'
       ORDER BY s.id`;
  }

  async dau(accountId: string, from: string): Promise<{ appId: string; date: string; dau: number }[]> {
    return this.prisma.$queryRaw`
      SELECT u.app_id::text AS "appId", u.day::text AS date, u.dau
        FROM daily_usage u JOIN applications a ON a.id = u.app_id
       WHERE a.account_id = ${accountId}::uuid AND a.state <> 'destroyed' AND u.day >= ${from}::date`;
  }

  async settledThrough(): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ day: string | null }[]>`SELECT max(day)::text AS day FROM settlement_days`;
    return row.day;
  }
}
