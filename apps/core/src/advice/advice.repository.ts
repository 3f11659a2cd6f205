import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

export interface DayDau {
  date: string;
  dau: number;
}

/** The DAU history and loyalty counter plan advice and the trial forecast read. */
@Injectable()
export class AdviceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The app's recorded days in [from, to], oldest first; days without reports are absent. */
  async days(appId: string, from: string, to: string): Promise<DayDau[]> {
    return this.prisma.$queryRaw<DayDau[]>`
      SELECT day::text AS date, dau FROM daily_usage
       WHERE app_id = ${appId}::uuid AND day BETWEEN ${from}::date AND ${to}::date
       ORDER BY day`;
  }

  /** The app's count of charged pay-as-you-go days so far: its latest bill's (0 before the first). */
  async chargedDays(appId: string): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ total: number }[]>`
      SELECT charged_days_total AS total FROM payg_bills WHERE app_id = ${appId}::uuid ORDER BY day DESC LIMIT 1`;
    return row?.total ?? 0;
  }
}
