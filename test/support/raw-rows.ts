import { randomUUID } from 'node:crypto';
import type { TestSystem } from './system';

/**
 * Financial rows written straight into the tables, for the tests of what
 * reads them (webhook triggers, reporting views) without going through the
 * buying flows.
 */

/** A running prepaid subscription of the app and its paid purchase order (order_payments row included). */
export async function aPaidPrepaidOrder(
  system: TestSystem,
  spec: { accountId: string; appId: string; region: string; amount: string; paidAt: Date; expiresOn: string; startsOn?: string },
): Promise<{ orderId: string; subscriptionId: string }> {
  const subscriptionId = randomUUID();
  const orderId = randomUUID();
  const transactionId = randomUUID();
  const startsOn = spec.startsOn ?? '2026-01-01';
  await system.prisma.$transaction([
    system.prisma.$executeRaw`
      INSERT INTO subscriptions (id, account_id, app_id, region, units, purchased_months, starts_on, expires_on, auto_renew, status, created_at, updated_at)
      VALUES (${subscriptionId}::uuid, ${spec.accountId}::uuid, ${spec.appId}::uuid, ${spec.region}, 1, 1, ${startsOn}::date, ${spec.expiresOn}::date,
              false, 'active', ${spec.paidAt}, ${spec.paidAt})`,
    system.prisma.$executeRaw`
      INSERT INTO orders (id, account_id, kind, purpose, status, amount, app_id, subscription_id, units, months, created_at)
      VALUES (${orderId}::uuid, ${spec.accountId}::uuid, 'prepaid', 'purchase', 'paid', ${spec.amount}::numeric, ${spec.appId}::uuid,
              ${subscriptionId}::uuid, 1, 1, ${spec.paidAt})`,
    system.prisma.$executeRaw`
      INSERT INTO ledger_transactions (id, account_id, kind, business_key, created_at)
      VALUES (${transactionId}::uuid, ${spec.accountId}::uuid, 'payment', ${`test-order:${orderId}`}, ${spec.paidAt})`,
    system.prisma.$executeRaw`
      INSERT INTO order_payments (order_id, ledger_transaction_id, voucher, gift, cash, paid_at)
      VALUES (${orderId}::uuid, ${transactionId}::uuid, 0, 0, ${spec.amount}::numeric, ${spec.paidAt})`,
  ]);
  return { orderId, subscriptionId };
}

/** Pay-as-you-go bills of one day, written in one statement as settlement writes them. */
export async function paygBills(
  system: TestSystem,
  day: string,
  bills: { appId: string; accountId: string; region: string; amount: string }[],
): Promise<void> {
  await system.prisma.$executeRaw`
    INSERT INTO payg_bills (app_id, day, account_id, region, dau, charged_day, charged_days_total, amount, price_book_version, created_at)
    SELECT t.app_id, ${day}::date, t.account_id, t.region, 5000,
           CASE WHEN t.amount > 0 THEN 1 END, CASE WHEN t.amount > 0 THEN 1 ELSE 0 END, t.amount, '2026-01', now()
      FROM unnest(${bills.map((b) => b.appId)}::uuid[], ${bills.map((b) => b.accountId)}::uuid[], ${bills.map((b) => b.region)}::text[],
                  ${bills.map((b) => b.amount)}::numeric[]) AS t(app_id, account_id, region, amount)`;
}
