import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PgPoolService } from './pg-pool.service';
import { PrismaService } from './prisma.service';
import { type Tx, WRITE_TRANSACTION } from './transaction';

/** What a caller may change of a transaction's options. */
export interface TransactionOptions {
  isolationLevel?: 'RepeatableRead';
  timeout?: number;
}

/** The bulk path's transaction: a connection of the one `pg` pool, inside BEGIN ... COMMIT. */
export type BulkTx = PoolClient;

/**
 * The one way a service opens a transaction. Repositories never open one:
 * each method takes the Tx it runs in, so a use case spans several
 * repositories (and other domains' services) in one commit.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pg: PgPoolService,
  ) {}

  /**
   * A transaction through Prisma's client, for Prisma-client and tagged-template
   * SQL repositories alike, with the options of the money paths (a movement may
   * wait for a busy account's wallet lock); `options` widen them where a caller
   * needs a snapshot (RepeatableRead) or more time.
   */
  run<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.prisma.$transaction(work, { ...WRITE_TRANSACTION, ...options });
  }

  /** A transaction on the `pg` pool, for the set-based bulk statements (the daily settlement). */
  bulk<T>(work: (tx: BulkTx) => Promise<T>): Promise<T> {
    return this.pg.transaction(work);
  }
}
