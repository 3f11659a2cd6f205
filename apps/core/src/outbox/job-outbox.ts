import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';
import type { Tx } from '../prisma/transaction';
import type { QueueName } from '../queue/jobs';
import type { OutboxSource, RelayedJob } from './outbox.types';

/**
 * The jobs a commit implies, written in its transaction: they reach BullMQ
 * through the outbox relay once the commit is done and Redis answers, so no
 * commit's follow-up is lost to a Redis call that failed after it.
 */
@Injectable()
export class JobOutbox implements OutboxSource {
  readonly name = 'jobs';
  readonly batch = 500;

  constructor(private readonly prisma: PrismaService) {}

  /** In the caller's transaction; kick the relay after the commit. */
  async add(tx: Tx, jobs: RelayedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await tx.$executeRaw`
      INSERT INTO job_outbox (queue, name, data, job_id, opts)
      SELECT * FROM unnest(${jobs.map((j) => j.queue)}::text[], ${jobs.map((j) => j.name)}::text[],
                           ${jobs.map((j) => JSON.stringify(j.data))}::jsonb[], ${jobs.map((j) => j.opts.jobId)}::text[],
                           ${jobs.map((j) => JSON.stringify(j.opts))}::jsonb[])`;
  }

  async claim(tx: Tx, limit: number): Promise<{ claimed: number; jobs: RelayedJob[] }> {
    const rows = await tx.$queryRaw<{ queue: QueueName; name: string; data: object; opts: RelayedJob['opts'] }[]>`
      DELETE FROM job_outbox
       WHERE id IN (SELECT id FROM job_outbox ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING queue, name, data, opts`;
    return { claimed: rows.length, jobs: rows };
  }

  async pending(): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<{ pending: boolean }[]>`SELECT EXISTS (SELECT 1 FROM job_outbox) AS "pending"`;
    return row.pending;
  }
}
