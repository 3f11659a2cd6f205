import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import type { Readable } from 'node:stream';
import { PgPoolService } from '../prisma/pg-pool.service';
import { PrismaService } from '../prisma/prisma.service';

export interface PaygBill {
  appId: string;
  accountId: string;
  date: string;
  region: string;
  dau: number;
  chargedDay: number | null;
  chargedDaysTotal: number;
  amount: Decimal;
  priceBookVersion: string;
  ledgerTransactionId: string | null;
  createdAt: Date;
}

export interface BillFilter {
  appId?: string;
  accountId?: string;
  from?: string;
  to?: string;
}

@Injectable()
export class BillRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPoolService,
  ) {}

  /** Every bill of the filter, in the order of the list, as rows of text (money with two decimals) for a CSV export. */
  async stream(filter: BillFilter): Promise<Readable> {
    return this.pg.stream(
      `SELECT day::text AS date, app_id AS "appId", account_id AS "accountId", region, dau, charged_day AS "chargedDay",
              amount::text AS amount, price_book_version AS "priceBookVersion", ledger_transaction_id AS "ledgerTransactionId"
         FROM payg_bills
        WHERE ($1::uuid IS NULL OR app_id = $1::uuid) AND ($2::uuid IS NULL OR account_id = $2::uuid)
          AND ($3::date IS NULL OR day >= $3::date) AND ($4::date IS NULL OR day <= $4::date)
        ORDER BY day DESC, app_id`,
      [filter.appId ?? null, filter.accountId ?? null, filter.from ?? null, filter.to ?? null],
    );
  }

  /** The account's bills written (settled) in [start, end), by app and day. */
  async settledBetween(accountId: string, start: Date, end: Date): Promise<PaygBill[]> {
    const rows = await this.prisma.paygBill.findMany({
      where: { accountId, createdAt: { gte: start, lt: end } },
      orderBy: [{ appId: 'asc' }, { day: 'asc' }],
    });
    return rows.map(toBill);
  }

  /** Newest day first, then by app: the cursor is (day, appId), one bill per app and day. */
  async list(filter: BillFilter, page: PageRequest): Promise<Page<PaygBill>> {
    const after = page.after as [string, string] | null;
    const rows = await this.prisma.paygBill.findMany({
      where: {
        appId: filter.appId,
        accountId: filter.accountId,
        day: { gte: filter.from ? dateToDb(filter.from) : undefined, lte: filter.to ? dateToDb(filter.to) : undefined },
        ...(after ? { OR: [{ day: { lt: dateToDb(after[0]) } }, { day: dateToDb(after[0]), appId: { gt: after[1] } }] } : {}),
      },
      orderBy: [{ day: 'desc' }, { appId: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toBill), page.limit, (bill) => [bill.date, bill.appId]);
  }
}

function toBill(row: Prisma.PaygBillGetPayload<object>): PaygBill {
  return {
    appId: row.appId,
    accountId: row.accountId,
    date: dateFromDb(row.day),
    region: row.region,
    dau: row.dau,
    chargedDay: row.chargedDay,
    chargedDaysTotal: row.chargedDaysTotal,
    amount: money(row.amount.toString()),
    priceBookVersion: row.priceBookVersion,
    ledgerTransactionId: row.ledgerTransactionId,
    createdAt: row.createdAt,
  };
}
