import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { MessageRecord } from '../accounts/message.types';

/** Rows per query of an export section: a 3-year app reads its usage in two round trips. */
export const EXPORT_PAGE = 1000;

export interface ExportedDay {
  date: string;
  dau: number;
}

export interface ExportedBill {
  date: string;
  dau: number;
  chargedDay: number | null;
  chargedDaysTotal: number;
  /** NUMERIC(20,2) as text: two decimals already. */
  amount: string;
  region: string;
  priceBookVersion: string;
  ledgerTransactionId: string | null;
  createdAt: Date;
}

export interface ExportedStateChange {
  id: string;
  from: string;
  to: string;
  reason: string;
  at: Date;
}

/** An app's notice as its account's messages show it, without what the app's export already says (which app). */
export type ExportedNotice = Omit<MessageRecord, 'appId' | 'resourceKey'>;

/**
 * Everything billing keeps about one app, a page at a time in a stable order
 * (keyset, so a page never repeats or skips a row). Destruction deletes none of it.
 */
@Injectable()
export class ExportRepository {
  constructor(private readonly prisma: PrismaService) {}

  usage(appId: string, afterDay: string | null): Promise<ExportedDay[]> {
    return this.prisma.$queryRaw<ExportedDay[]>`
      SELECT day::text AS date, dau FROM daily_usage
       WHERE app_id = ${appId}::uuid AND day > coalesce(${afterDay}::date, '-infinity'::date)
       ORDER BY day LIMIT ${EXPORT_PAGE}`;
  }

  bills(appId: string, afterDay: string | null): Promise<ExportedBill[]> {
    return this.prisma.$queryRaw<ExportedBill[]>`
      SELECT day::text AS date, dau, charged_day AS "chargedDay", charged_days_total AS "chargedDaysTotal", amount::text AS amount,
             region, price_book_version AS "priceBookVersion", ledger_transaction_id::text AS "ledgerTransactionId", created_at AS "createdAt"
        FROM payg_bills
       WHERE app_id = ${appId}::uuid AND day > coalesce(${afterDay}::date, '-infinity'::date)
       ORDER BY day LIMIT ${EXPORT_PAGE}`;
  }

  stateChanges(appId: string, afterId: string | null): Promise<ExportedStateChange[]> {
    return this.prisma.$queryRaw<ExportedStateChange[]>`
      SELECT id::text, from_state AS "from", to_state AS "to", reason, at FROM app_state_changes
       WHERE app_id = ${appId}::uuid AND id > coalesce(${afterId}::bigint, 0)
       ORDER BY id LIMIT ${EXPORT_PAGE}`;
  }

  notices(appId: string, after: { createdAt: Date; id: string } | null): Promise<ExportedNotice[]> {
    return this.prisma.$queryRaw<ExportedNotice[]>`
      SELECT id::text, type, day::text, title, body, payload, created_at AS "createdAt", read_at AS "readAt" FROM notifications
       WHERE app_id = ${appId}::uuid
         AND (created_at, id) > (coalesce(${after?.createdAt ?? null}::timestamptz, '-infinity'::timestamptz), coalesce(${after?.id ?? null}::uuid, '00000000-0000-0000-0000-000000000000'::uuid))
       ORDER BY created_at, id LIMIT ${EXPORT_PAGE}`;
  }

  /** The account's orders about the app: its own (prepaid) and those with a line for it (pay-as-you-go activation). */
  async orderIds(accountId: string, appId: string): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT o.id::text FROM orders o
       WHERE o.account_id = ${accountId}::uuid
         AND (o.app_id = ${appId}::uuid OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.app_id = ${appId}::uuid))
       ORDER BY o.created_at, o.id`;
    return rows.map((row) => row.id);
  }
}
