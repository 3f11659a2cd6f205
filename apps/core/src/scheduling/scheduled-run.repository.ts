import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

/** The audit of ticks: one row per (schedule, due instant), however often the tick is delivered. */
@Injectable()
export class ScheduledRunRepository {
  constructor(private readonly prisma: PrismaService) {}

  async started(scheduleId: string, scheduledFor: Date, at: Date): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO scheduled_job_runs (schedule_id, scheduled_for, started_at)
      VALUES (${scheduleId}, ${scheduledFor}, ${at})
      ON CONFLICT (schedule_id, scheduled_for) DO NOTHING`;
  }

  async finished(scheduleId: string, scheduledFor: Date, at: Date): Promise<void> {
    await this.prisma.scheduledJobRun.updateMany({
      where: { scheduleId, scheduledFor, finishedAt: null },
      data: { finishedAt: at },
    });
  }

  async list(scheduleId?: string): Promise<{ scheduleId: string; scheduledFor: Date; finishedAt: Date | null }[]> {
    return this.prisma.scheduledJobRun.findMany({
      where: scheduleId ? { scheduleId } : {},
      orderBy: [{ scheduledFor: 'asc' }, { scheduleId: 'asc' }],
    });
  }
}
