import { Injectable } from '@nestjs/common';
import { dateFromDb, dateToDb } from '../clock/calendar';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class SettlementRepository {
  constructor(private readonly prisma: PrismaService) {}

  async lastClosedDay(): Promise<string | null> {
    const row = await this.prisma.settlementDay.findFirst({ orderBy: { day: 'desc' } });
    return row ? dateFromDb(row.day) : null;
  }

  async isClosed(day: string): Promise<boolean> {
    return (await this.prisma.settlementDay.count({ where: { day: { gte: dateToDb(day) } } })) > 0;
  }

  /** Closing twice keeps the first closing time. */
  async close(day: string, at: Date): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO settlement_days (day, closed_at) VALUES (${dateToDb(day)}::date, ${at})
      ON CONFLICT (day) DO NOTHING`;
  }

  async closedDays(): Promise<string[]> {
    const rows = await this.prisma.settlementDay.findMany({ orderBy: { day: 'asc' } });
    return rows.map((row) => dateFromDb(row.day));
  }
}
