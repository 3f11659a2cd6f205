import { requestContext } from '../auth/request-context';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import { money } from '../money/money';
import type { RefundType } from '../pricing/quote.service';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { RefundRecord } from './refund.types';

type Row = Prisma.RefundGetPayload<object>;

function toRefund(row: Row): RefundRecord {
  return {
    id: row.id,
    orderId: row.orderId,
    accountId: row.accountId,
    type: row.type as RefundType,
    amount: money(row.amount.toString()),
    cash: money(row.cash.toString()),
    gift: money(row.gift.toString()),
    forfeitedVoucher: money(row.forfeitedVoucher.toString()),
    ledgerTransactionId: row.ledgerTransactionId,
    breakdown: row.breakdown,
    createdAt: row.createdAt,
  };
}

/** Refunds: one per order, financial records never deleted. */
@Injectable()
export class RefundRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `breakdown` is stored as the API shows it (figures as strings). */
  async insert(tx: Tx, refund: Omit<RefundRecord, 'breakdown'> & { breakdown: Prisma.InputJsonValue }): Promise<RefundRecord> {
    const row = await tx.refund.create({
      data: {
        ...refund,
        actingKeyId: requestContext.actingKeyId(),
        amount: refund.amount.toFixed(2),
        cash: refund.cash.toFixed(2),
        gift: refund.gift.toFixed(2),
        forfeitedVoucher: refund.forfeitedVoucher.toFixed(2),
      },
    });
    return toRefund(row);
  }

  async find(id: string): Promise<RefundRecord | null> {
    const row = await this.prisma.refund.findUnique({ where: { id } });
    return row ? toRefund(row) : null;
  }

  async hasNoQuestionsRefund(tx: Tx, accountId: string): Promise<boolean> {
    return (await tx.refund.count({ where: { accountId, type: 'no-questions' } })) > 0;
  }

  /** The DAU of each day from `from` through `to` (0 for a day without a report), for the 'payg' partial-month policy. */
  async dailyDau(tx: Tx, appId: string, from: string, to: string): Promise<number[]> {
    const rows = await tx.$queryRaw<{ dau: number }[]>`
      SELECT coalesce(u.dau, 0) AS dau
        FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d(day)
        LEFT JOIN daily_usage u ON u.app_id = ${appId}::uuid AND u.day = d.day::date
       ORDER BY d.day`;
    return rows.map((row) => row.dau);
  }
}
