import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { poolOptions, surviveDroppedConnections } from '../prisma/pool-options';

/**
 * Ingest statements in flight at once (per API process); requests arriving
 * meanwhile wait and share the next one (IngestBatcher). Two keep both cores
 * busy: more would mean smaller shared statements, each paying its own commit.
 */
export const INGEST_STATEMENTS_IN_FLIGHT = 2;

/**
 * The connections of the ingest statement: plain `pg`, autocommit. Through
 * Prisma 7 the same statement costs about 0.5 ms more CPU (its query
 * interpreter), which alone would hold single-report ingest under its target.
 * Its own pool, so that a burst of reports never queues ahead of the rest of
 * the API's queries (nor the other way round), and of the size the batcher
 * needs: a connection per statement in flight.
 */
@Injectable()
export class IngestPool extends Pool implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(poolOptions(config, { max: INGEST_STATEMENTS_IN_FLIGHT }));
    surviveDroppedConnections(this, IngestPool.name);
  }

  async onModuleDestroy(): Promise<void> {
    await this.end();
  }
}
