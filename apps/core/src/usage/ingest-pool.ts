import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

/**
 * The connections of the ingest statement: plain `pg`, autocommit. Through
 * Prisma 7 the same statement costs about 0.5 ms more CPU (its query
 * interpreter), which alone would hold single-report ingest under its target.
 * Its own pool, so that a burst of reports never queues ahead of the rest of
 * the API's queries (nor the other way round).
 */
@Injectable()
export class IngestPool extends Pool implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ connectionString: config.databaseUrl, max: 8 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.end();
  }
}
