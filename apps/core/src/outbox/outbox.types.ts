import type { JobsOptions } from 'bullmq';
import type { Tx } from '../prisma/transaction';
import type { QueueName } from '../queue/jobs';

/** A BullMQ job as the relay adds it: the job id is deterministic, so adding it twice runs it once. */
export interface RelayedJob {
  queue: QueueName;
  name: string;
  data: object;
  opts: JobsOptions & { jobId: string };
}

/**
 * Rows written in Postgres by a commit, waiting to become BullMQ jobs: the job
 * outbox itself, queued notices, undispatched webhook events.
 */
export interface OutboxSource {
  readonly name: string;
  /** Rows per transaction. */
  readonly batch: number;
  /**
   * In `tx`: takes up to `limit` pending rows with FOR UPDATE SKIP LOCKED (so
   * relays in several processes share the rows and never take one twice),
   * marks them relayed and returns the jobs they imply.
   */
  claim(tx: Tx, limit: number): Promise<{ claimed: number; jobs: RelayedJob[] }>;
  /** True while rows wait (what the simulated clock waits for). */
  pending(): Promise<boolean>;
}
