import { Injectable } from '@nestjs/common';
import type Decimal from 'decimal.js';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { money } from '../money/money';
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
  constructor(private readonly prisma: PrismaService) {}

  async list(filter: BillFilter, limit: number): Promise<PaygBill[]> {
    const rows = await this.prisma.paygBill.findMany({
      where: {
        appId: filter.appId,
        accountId: filter.accountId,
        day: { gte: filter.from ? dateToDb(filter.from) : undefined, lte: filter.to ? dateToDb(filter.to) : undefined },
      },
      orderBy: [{ day: 'desc' }, { appId: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({
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
    }));
  }
}
